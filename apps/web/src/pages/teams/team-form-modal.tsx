import type { Team } from '@hujiao/shared';
import { useCreateTeam, useUpdateTeam } from '../../api/resources.ts';
import { MemberSetFormModal } from '../../components/member-set-form-modal.tsx';

export function TeamFormModal({ open, team, onClose }: { open: boolean; team: Team | null; onClose: () => void }) {
  const create = useCreateTeam();
  const update = useUpdateTeam();
  return (
    <MemberSetFormModal
      open={open}
      record={team}
      onClose={onClose}
      ns="team"
      withLeader
      create={create}
      update={update}
    />
  );
}
