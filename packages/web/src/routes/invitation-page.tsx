import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../components/auth-layout';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { SkeletonBlock } from '../components/skeleton';
import { AcceptInvitationForm } from '../features/invitations/accept-invitation-form';
import { invitationErrorMessage, isInvalidInvitation } from '../features/invitations/invitation-errors';
import { InvitationInvalid } from '../features/invitations/invitation-invalid';
import { JoinWithAccountForm } from '../features/invitations/join-with-account-form';
import { useInvitation } from '../features/invitations/use-invitation';

/** /invitations/:token — public: the link from the invitation mail, opened without a session. */
export default function InvitationPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const query = useInvitation(token);

  return (
    <AuthLayout>
      {query.isPending && (
        <div className="stack" role="status">
          <span className="visually-hidden">{t('common.loading')}</span>
          <SkeletonBlock width="70%" height="2rem" />
          <SkeletonBlock width="90%" />
          <SkeletonBlock height="2.75rem" />
          <SkeletonBlock height="2.75rem" />
        </div>
      )}
      {query.isError &&
        (isInvalidInvitation(query.error) ? (
          <InvitationInvalid />
        ) : (
          <>
            <PageHeading title={t('invitation.title')}>{t('invitation.title')}</PageHeading>
            <ErrorNotice message={invitationErrorMessage(t, query.error)} onRetry={() => void query.refetch()} />
          </>
        ))}
      {query.data &&
        (query.data.kind === 'guest' && query.data.existingAccount ? (
          <JoinWithAccountForm token={token} invitation={query.data} />
        ) : (
          <AcceptInvitationForm token={token} invitation={query.data} />
        ))}
    </AuthLayout>
  );
}
