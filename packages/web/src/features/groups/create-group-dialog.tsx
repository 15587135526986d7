import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/dialog';
import { TextAreaField, TextField } from '../../components/field';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { fieldErrors } from '../../lib/field-errors';
import { useSession } from '../session/use-session';
import { createGroup, type GroupVisibility } from './groups.api';
import { storeGroup } from './use-group';
import { VisibilityOptions } from './visibility-options';

const MAX_NAME = 120;
const MAX_DESCRIPTION = 2000;

/** New group: name, description, who can see it, and whether people from outside may be invited. */
export function CreateGroupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { orgName } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const formId = useId();
  const customerHint = useId();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<GroupVisibility>('public');
  const [customer, setCustomer] = useState(false);
  const [nameMissing, setNameMissing] = useState(false);

  const mutation = useMutation({
    mutationFn: () =>
      createGroup({ name: name.trim(), description: description.trim(), visibility: customer ? 'private' : visibility, customer }),
    onSuccess: (group) => {
      storeGroup(qc, group);
      announce(t('groups.created', { name: group.name }));
      onClose();
      reset();
      void navigate(`/groups/${group.id}`);
    },
  });

  // Closing or finishing forgets what was typed, so the next group starts blank.
  const reset = () => {
    setName('');
    setDescription('');
    setVisibility('public');
    setCustomer(false);
    setNameMissing(false);
    mutation.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mutation.isPending) return;
    const missing = !name.trim();
    setNameMissing(missing);
    if (missing) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('dialog [aria-invalid="true"]')?.focus());
      return;
    }
    mutation.mutate();
  };

  const server = fieldErrors(t, mutation.error, ['name', 'description']);
  const general = mutation.error && Object.keys(server).length === 0 ? errorMessage(t, mutation.error) : null;

  return (
    <Dialog
      open={open}
      onClose={() => {
        onClose();
        reset();
      }}
      title={t('groups.create.title')}
      size="md"
      footer={
        <>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              onClose();
              reset();
            }}
          >
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={mutation.isPending}>
            {mutation.isPending ? t('groups.create.submitting') : t('groups.create.submit')}
          </button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit} noValidate>
        <TextField
          label={t('groups.fields.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={MAX_NAME}
          autoComplete="off"
          error={nameMissing ? t('fields.required') : server.name}
        />
        <TextAreaField
          label={t('groups.fields.description')}
          hint={t('groups.fields.descriptionHint')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={MAX_DESCRIPTION}
          rows={3}
          error={server.description}
        />
        <div className="choice">
          <input
            type="checkbox"
            id={`${formId}-customer`}
            checked={customer}
            onChange={(e) => setCustomer(e.target.checked)}
            aria-describedby={customerHint}
          />
          <label htmlFor={`${formId}-customer`} className="choice-label">
            {t('groups.create.customer')}
          </label>
          <p id={customerHint} className="field-hint">
            {t('groups.create.customerHint', { org: orgName })}
          </p>
        </div>
        <VisibilityOptions value={customer ? 'private' : visibility} onChange={setVisibility} customer={customer} />
        {general && (
          <div className="notice notice-danger" role="alert">
            <p>{general}</p>
          </div>
        )}
      </form>
    </Dialog>
  );
}
