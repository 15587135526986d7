import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative, useNow } from '../lib/time';

/** "5 minutes ago" with the exact time on hover and in `datetime`. */
export function RelativeTime({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  const now = useNow();
  const lang = i18n.language;
  return (
    <time dateTime={iso} title={formatDateTime(iso, lang)}>
      {formatRelative(iso, lang, now)}
    </time>
  );
}
