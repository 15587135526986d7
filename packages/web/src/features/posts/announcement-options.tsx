import { useId } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  checked: boolean;
  onCheck: (on: boolean) => void;
  /** A `datetime-local` value, or '' for "until dismissed". */
  until: string;
  onUntil: (v: string) => void;
  inGroup: boolean;
  error: string | null;
}

/** "Make this an announcement", and optionally until when it stands at the top. */
export function AnnouncementOptions({ checked, onCheck, until, onUntil, inGroup, error }: Props) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="announce-options">
      <div className="choice">
        <input type="checkbox" id={`${id}-on`} checked={checked} onChange={(e) => onCheck(e.target.checked)} aria-describedby={`${id}-hint`} />
        <label htmlFor={`${id}-on`} className="choice-label">
          {t('composer.announce')}
        </label>
        <p id={`${id}-hint`} className="field-hint">
          {inGroup ? t('composer.announceHintGroup') : t('composer.announceHint')}
        </p>
      </div>
      {checked && (
        <div className="field announce-until">
          <label htmlFor={`${id}-until`} className="field-label">
            {t('composer.announceUntil')}
          </label>
          <input
            id={`${id}-until`}
            type="datetime-local"
            className="input input-inline"
            value={until}
            onChange={(e) => onUntil(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-err` : `${id}-until-hint`}
          />
          {error ? (
            <p id={`${id}-err`} className="field-error" role="alert">
              {error}
            </p>
          ) : (
            <p id={`${id}-until-hint`} className="field-hint">
              {t('composer.announceUntilHint')}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
