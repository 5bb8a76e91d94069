import type {
  Appointment,
  appointmentBody,
  FollowUp,
  followUpBody,
  Opportunity,
  OrderVerification,
  opportunityBody,
  orderDecisionBody,
  orderVerificationBody,
  Ticket,
  TicketDetail,
  ticketBody,
  updateAppointmentBody,
  updateOpportunityBody,
  updateTicketBody,
} from '@hujiao/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryParams } from './client.ts';
import { type Input, useCreate, usePagedList, useRemove, useUpdate } from './crud.ts';

export type FollowUpBody = Input<typeof followUpBody>;
export type AppointmentBody = Input<typeof appointmentBody>;
export type UpdateAppointmentBody = Input<typeof updateAppointmentBody>;
export type OpportunityBody = Input<typeof opportunityBody>;
export type UpdateOpportunityBody = Input<typeof updateOpportunityBody>;
export type TicketBody = Input<typeof ticketBody>;
export type UpdateTicketBody = Input<typeof updateTicketBody>;
export type OrderBody = Input<typeof orderVerificationBody>;
export type OrderDecisionBody = Input<typeof orderDecisionBody>;

/** How often the console asks for due appointments (预约提醒). */
export const APPOINTMENT_POLL_MS = 30_000;

// ---- follow-ups (跟进记录) ----
export const useFollowUps = (params: QueryParams, enabled = true) =>
  usePagedList<FollowUp>('follow-ups', params, enabled);
export function useCreateFollowUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ customerId, body }: { customerId: string; body: FollowUpBody }) =>
      api.post<FollowUp>(`/api/customers/${customerId}/follow-ups`, body),
    onSuccess: () => {
      for (const key of ['follow-ups', 'customers', 'appointments']) {
        void queryClient.invalidateQueries({ queryKey: [key] });
      }
    },
  });
}
export const useDeleteFollowUp = () => useRemove('follow-ups', ['customers']);

// ---- appointments (预约) ----
export const useAppointments = (params: QueryParams, enabled = true) =>
  usePagedList<Appointment>('appointments', params, enabled);
export const useCreateAppointment = () => useCreate<AppointmentBody, Appointment>('appointments');
export const useUpdateAppointment = () => useUpdate<UpdateAppointmentBody, Appointment>('appointments');
export const useDeleteAppointment = () => useRemove('appointments');
/** The caller's open appointments that are due now; polled by the layout. */
export function useDueAppointments(enabled: boolean) {
  return useQuery({
    queryKey: ['appointments', 'due'],
    queryFn: () => api.get<Appointment[]>('/api/appointments/due'),
    enabled,
    refetchInterval: APPOINTMENT_POLL_MS,
    refetchIntervalInBackground: true,
  });
}

// ---- opportunities (业务机会) ----
export const useOpportunities = (params: QueryParams, enabled = true) =>
  usePagedList<Opportunity>('opportunities', params, enabled);
export const useCreateOpportunity = () => useCreate<OpportunityBody, Opportunity>('opportunities');
export const useUpdateOpportunity = () => useUpdate<UpdateOpportunityBody, Opportunity>('opportunities');
export const useDeleteOpportunity = () => useRemove('opportunities');

// ---- tickets (工单) ----
export const useTickets = (params: QueryParams, enabled = true) => usePagedList<Ticket>('tickets', params, enabled);
export function useTicket(id: string | null) {
  return useQuery({
    queryKey: ['tickets', 'one', id],
    queryFn: () => api.get<TicketDetail>(`/api/tickets/${id}`),
    enabled: id !== null,
  });
}
export const useCreateTicket = () => useCreate<TicketBody, TicketDetail>('tickets');
export const useUpdateTicket = () => useUpdate<UpdateTicketBody, TicketDetail>('tickets');
export const useDeleteTicket = () => useRemove('tickets');
export function useCommentTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, comment }: { id: string; comment: string }) =>
      api.post<TicketDetail>(`/api/tickets/${id}/comments`, { comment }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

// ---- order verification (核单) ----
export const useOrders = (params: QueryParams, enabled = true) =>
  usePagedList<OrderVerification>('order-verifications', params, enabled);
export const useCreateOrder = () => useCreate<OrderBody, OrderVerification>('order-verifications');
export function useDecideOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: OrderDecisionBody }) =>
      api.post<OrderVerification>(`/api/order-verifications/${id}/decision`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['order-verifications'] }),
  });
}
