import type { UserGroup } from '@hujiao/shared';
import { useCreateUserGroup, useDeleteUserGroup, useUpdateUserGroup, useUserGroups } from '../../api/resources.ts';
import { MemberSetPage } from '../../components/member-set-page.tsx';

/** 用户组管理: named sets of users. */
export function UserGroupsPage() {
  return (
    <MemberSetPage<UserGroup>
      ns="userGroup"
      withLeader={false}
      permission="userGroup:manage"
      useList={useUserGroups}
      useCreate={useCreateUserGroup}
      useUpdate={useUpdateUserGroup}
      useDelete={useDeleteUserGroup}
    />
  );
}
