export { TicketRepository } from './ticket.repository.ts';
export { registerTicketRoutes } from './ticket.routes.ts';
export { TicketService } from './ticket.service.ts';
export { orderVerifications, ticketHistory, tickets } from './ticket.table.ts';
