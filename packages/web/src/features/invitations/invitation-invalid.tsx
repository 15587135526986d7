import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/page-heading';

/** A link that was used, has expired or never existed: say so, and offer the way in. */
export function InvitationInvalid() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('invitation.invalidTitle')}</PageHeading>
      <p>{t('invitation.invalid')}</p>
      <p>
        <Link to="/login" className="btn btn-primary btn-block">
          {t('invitation.signIn')}
        </Link>
      </p>
    </>
  );
}
