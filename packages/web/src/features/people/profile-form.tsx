import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MeResponse, User, UserSummary, UserUpdate } from '@atrium/contract';
import { TextAreaField, TextField } from '../../components/field';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { fieldErrors } from '../../lib/field-errors';
import { meKey } from '../session/use-session';
import { ExperienceEditor, newRow, type ExperienceRow } from './experience-editor';
import { ManagerPicker } from './manager-picker';
import { SkillsEditor } from './skills-editor';
import { updateUser, userKeys } from './people.api';

const HANDLE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const FIELDS = ['name', 'handle', 'title', 'department', 'location', 'phone', 'about', 'skills', 'experience', 'managerId', 'role'];

interface Props {
  user: User;
  manager: UserSummary | null;
  /** An admin editing someone else may change the role. */
  canChangeRole: boolean;
}

export function ProfileForm({ user, manager: initialManager, canChangeRole }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(user.name);
  const [handle, setHandle] = useState(user.handle);
  const [title, setTitle] = useState(user.title);
  const [department, setDepartment] = useState(user.department);
  const [location, setLocation] = useState(user.location);
  const [phone, setPhone] = useState(user.phone);
  const [about, setAbout] = useState(user.about);
  const [skills, setSkills] = useState(user.skills);
  const [role, setRole] = useState(user.role);
  const [manager, setManager] = useState<UserSummary | null>(initialManager);
  const [rows, setRows] = useState<ExperienceRow[]>(() =>
    user.experience.map((x) => newRow({ ...x, from: x.from ?? '', to: x.to ?? '' })),
  );
  const [local, setLocal] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});

  const mutation = useMutation({
    mutationFn: (patch: UserUpdate) => updateUser(user.id, patch),
    onSuccess: (u) => {
      qc.setQueryData(userKeys.one(u.id), u);
      qc.setQueryData<MeResponse>(meKey, (me) => (me && me.user.id === u.id ? { ...me, user: u } : me));
      void qc.invalidateQueries({ queryKey: ['users'] });
      void qc.invalidateQueries({ queryKey: ['orgchart'] });
      announce(t('profileEdit.saved'));
      void navigate(`/people/${u.id}`);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = t('fields.required');
    if (handle.trim().length < 2 || !HANDLE.test(handle.trim())) errs.handle = t('fields.invalid.handle');
    const rErrs: Record<number, string> = {};
    rows.forEach((r, i) => {
      const empty = !r.title.trim() && !r.organization.trim() && !r.description.trim() && !r.from && !r.to;
      if (!empty && !r.title.trim()) rErrs[i] = t('fields.required');
    });
    setLocal(errs);
    setRowErrors(rErrs);
    if (Object.keys(errs).length || Object.keys(rErrs).length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const patch: UserUpdate = {
      name: name.trim(),
      handle: handle.trim(),
      title: title.trim(),
      department: department.trim(),
      location: location.trim(),
      phone: phone.trim(),
      about: about.trim(),
      skills,
      experience: rows
        .filter((r) => r.title.trim())
        .map((r) => ({
          title: r.title.trim(),
          organization: r.organization.trim(),
          from: r.from || null,
          to: r.to || null,
          description: r.description.trim(),
        })),
      managerId: manager?.id ?? null,
    };
    if (canChangeRole && role !== user.role) patch.role = role;
    mutation.mutate(patch);
  };

  const server = fieldErrors(t, mutation.error, FIELDS);
  const errors = { ...server, ...local };
  const general =
    mutation.error &&
    errorMessage(t, mutation.error, { conflict: t('profileEdit.handleTaken') });

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <fieldset className="card fieldset-card stack">
        <legend className="section-title">{t('profileEdit.basics')}</legend>
        <div className="grid-2">
          <TextField label={t('fields.name')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} autoComplete="name" error={errors.name} />
          <TextField
            label={t('fields.handle')}
            value={handle}
            onChange={(e) => setHandle(e.target.value)}
            required
            maxLength={32}
            autoComplete="username"
            hint={t('profileEdit.handleHint')}
            error={errors.handle}
          />
          <TextField label={t('fields.title')} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} autoComplete="organization-title" error={errors.title} />
          <TextField label={t('fields.department')} value={department} onChange={(e) => setDepartment(e.target.value)} maxLength={200} error={errors.department} />
          <TextField label={t('fields.location')} value={location} onChange={(e) => setLocation(e.target.value)} maxLength={200} error={errors.location} />
          <TextField label={t('fields.phone')} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={200} autoComplete="tel" error={errors.phone} />
        </div>
        <TextAreaField label={t('profile.about')} value={about} onChange={(e) => setAbout(e.target.value)} maxLength={5000} rows={5} error={errors.about} />
        {canChangeRole && (
          <div className="field">
            <label htmlFor="role" className="field-label">
              {t('fields.role')}
            </label>
            <select id="role" className="input" value={role} onChange={(e) => setRole(e.target.value as User['role'])}>
              <option value="member">{t('roles.member')}</option>
              <option value="admin">{t('roles.admin')}</option>
            </select>
          </div>
        )}
      </fieldset>
      <ManagerPicker value={manager} onChange={setManager} excludeId={user.id} error={errors.managerId} />
      <SkillsEditor skills={skills} onChange={setSkills} />
      <ExperienceEditor rows={rows} onChange={setRows} errors={rowErrors} />
      {general && (
        <div className="notice notice-danger" role="alert">
          <p>{general}</p>
        </div>
      )}
      <div className="row gap-sm form-actions">
        <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? t('common.saving') : t('profileEdit.save')}
        </button>
        <Link to={`/people/${user.id}`} className="btn btn-secondary">
          {t('common.cancel')}
        </Link>
      </div>
    </form>
  );
}
