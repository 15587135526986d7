import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/icons';
import { useSession } from '../session/use-session';

interface Props {
  id?: string;
  /** People from outside are members already (else: they can be invited). */
  hasGuests: boolean;
  /** In the composer: about the post being written. */
  where?: 'page' | 'composer';
}

/**
 * "Customers can see this": on every group with people from outside, on its page and in its
 * composer. An icon and words, never colour alone.
 */
export function GuestNotice({ id, hasGuests, where = 'page' }: Props) {
  const { t } = useTranslation();
  const { orgName } = useSession();
  const detail =
    where === 'composer'
      ? t('groups.guestNoticeComposer', { org: orgName })
      : hasGuests
        ? t('groups.guestNoticePage', { org: orgName })
        : t('groups.guestNoticeInvitable', { org: orgName });
  return (
    <div id={id} className="notice notice-warning guest-notice">
      <Icon name="eye" />
      <p>
        <strong>{t('groups.guestNotice')}.</strong> {detail}
      </p>
    </div>
  );
}
