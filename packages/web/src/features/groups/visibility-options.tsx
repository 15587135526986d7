import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupVisibility } from './groups.api';

const OPTIONS: GroupVisibility[] = ['public', 'private', 'unlisted'];

interface Props {
  value: GroupVisibility;
  onChange: (v: GroupVisibility) => void;
  /** A customer group is always private: the other choices are shown but can't be taken. */
  customer: boolean;
  disabled?: boolean;
}

/** Who can find and read the group: a radio group, each choice explained under it. */
export function VisibilityOptions({ value, onChange, customer, disabled }: Props) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="fieldset">
      <legend className="field-label">{t('groups.visibility.legend')}</legend>
      <div className="choices">
        {OPTIONS.map((v) => {
          const off = disabled || (customer && v !== 'private');
          return (
            <div key={v} className="choice">
              <input
                type="radio"
                id={`${id}-${v}`}
                name={`${id}-visibility`}
                value={v}
                checked={value === v}
                disabled={off}
                onChange={() => onChange(v)}
                aria-describedby={`${id}-${v}-hint`}
              />
              <label htmlFor={`${id}-${v}`} className="choice-label">
                {t(`groups.visibility.${v}`)}
              </label>
              <p id={`${id}-${v}-hint`} className="field-hint">
                {t(`groups.visibility.${v}Hint`)}
              </p>
            </div>
          );
        })}
      </div>
      {customer && <p className="field-hint">{t('groups.visibility.customerAlwaysPrivate')}</p>}
    </fieldset>
  );
}
