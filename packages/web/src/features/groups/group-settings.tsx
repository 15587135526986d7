import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TextAreaField, TextField } from '../../components/field';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { fieldErrors } from '../../lib/field-errors';
import { updateGroup, type Group, type GroupVisibility } from './groups.api';
import { ArchiveGroup } from './archive-group';
import { GroupPhotoUpload } from './group-photo-upload';
import { storeGroup } from './use-group';
import { VisibilityOptions } from './visibility-options';

/** Owners and managers: name, description, visibility, the group's picture; and archiving (an archived group can't be edited). */
export function GroupSettings({ group }: { group: Group }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const headId = useId();
  const photoHeadId = useId();
  const [name, setName] = useState(group.name);
  const [description, setDescription] = useState(group.description);
  const [visibility, setVisibility] = useState<GroupVisibility>(group.visibility);
  const [missing, setMissing] = useState(false);

  const mutation = useMutation({
    mutationFn: () => updateGroup(group.id, { name: name.trim(), description: description.trim(), visibility }),
    onSuccess: (g) => {
      storeGroup(qc, g);
      announce(t('groups.settings.saved'));
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mutation.isPending) return;
    setMissing(!name.trim());
    if (!name.trim()) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
      return;
    }
    mutation.mutate();
  };

  const server = fieldErrors(t, mutation.error, ['name', 'description', 'visibility']);
  const general = mutation.error && Object.keys(server).length === 0 ? errorMessage(t, mutation.error) : null;

  return (
    <div className="stack">
      {!group.archived && (
        <form className="card stack" onSubmit={submit} aria-labelledby={headId} noValidate>
          <h2 id={headId} className="section-title">
            {t('groups.settings.title')}
          </h2>
          <TextField
            label={t('groups.fields.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={120}
            autoComplete="off"
            error={missing ? t('fields.required') : server.name}
          />
          <TextAreaField
            label={t('groups.fields.description')}
            hint={t('groups.fields.descriptionHint')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={2000}
            rows={3}
            error={server.description}
          />
          <VisibilityOptions value={visibility} onChange={setVisibility} customer={group.customer} />
          {server.visibility && <p className="field-error">{server.visibility}</p>}
          {general && (
            <div className="notice notice-danger" role="alert">
              <p>{general}</p>
            </div>
          )}
          <div>
            <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
              {mutation.isPending ? t('common.saving') : t('groups.settings.save')}
            </button>
          </div>
        </form>
      )}
      {!group.archived && (
        <section className="card stack-sm" aria-labelledby={photoHeadId}>
          <h2 id={photoHeadId} className="section-title">
            {t('groups.photo.title')}
          </h2>
          <GroupPhotoUpload group={group} />
        </section>
      )}
      <ArchiveGroup group={group} />
    </div>
  );
}
