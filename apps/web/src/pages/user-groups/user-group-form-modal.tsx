import type { UserGroup } from '@hujiao/shared';
import { useCreateUserGroup, useUpdateUserGroup } from '../../api/resources.ts';
import { MemberSetFormModal } from '../../components/member-set-form-modal.tsx';

export function UserGroupFormModal(props: { open: boolean; group: UserGroup | null; onClose: () => void }) {
  const create = useCreateUserGroup();
  const update = useUpdateUserGroup();
  return (
    <MemberSetFormModal
      open={props.open}
      record={props.group}
      onClose={props.onClose}
      ns="userGroup"
      withLeader={false}
      create={create}
      update={update}
    />
  );
}
