import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/use-session';
import type { Group } from './groups.api';
import { InviteGuestDialog } from './invite-guest-dialog';

/** In a customer group: owners and managers invite people from outside by email. */
export function InviteGuestSection({ group }: { group: Group }) {
  const { t } = useTranslation();
  const { orgName } = useSession();
  const headId = useId();
  const [open, setOpen] = useState(false);
  return (
    <section className="card stack-sm" aria-labelledby={headId}>
      <h2 id={headId} className="section-title">
        {t('groups.invite.sectionTitle')}
      </h2>
      <p>{t('groups.invite.sectionBody', { org: orgName })}</p>
      <div>
        <button type="button" className="btn btn-secondary" onClick={() => setOpen(true)}>
          {t('groups.invite.open')}
        </button>
      </div>
      <InviteGuestDialog group={group} open={open} onClose={() => setOpen(false)} />
    </section>
  );
}
