import type { Team } from '@hujiao/shared';
import { useCreateTeam, useDeleteTeam, useTeams, useUpdateTeam } from '../../api/resources.ts';
import { MemberSetPage } from '../../components/member-set-page.tsx';

/** 班组管理: teams with a leader. */
export function TeamsPage() {
  return (
    <MemberSetPage<Team>
      ns="team"
      withLeader
      permission="team:manage"
      useList={useTeams}
      useCreate={useCreateTeam}
      useUpdate={useUpdateTeam}
      useDelete={useDeleteTeam}
    />
  );
}
