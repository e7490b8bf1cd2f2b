using Infrastructure.BlobStorage;
using Microsoft.EntityFrameworkCore;

namespace Registration.ReadModel.Implementation;

/// <summary>Reads draft and priced orders from the read database, and seat assignments from blob storage.</summary>
public sealed class OrderDao(IDbContextFactory<ConferenceRegistrationDbContext> contexts, IBlobStorage blobs) : IOrderDao
{
    public async Task<DraftOrder?> FindDraftOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await context.DraftOrders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        return order is null
            ? null
            : new DraftOrder(
                order.OrderId,
                order.ConferenceId,
                order.State,
                order.OrderVersion,
                order.ReservationExpirationDate,
                order.RegistrantEmail,
                order.AccessCode,
                [.. order.Lines.OrderBy(l => l.SeatType).Select(l => new DraftOrderItem(l.SeatType, l.RequestedSeats, l.ReservedSeats))],
                order.RegistrantFirstName,
                order.RegistrantLastName);
    }

    public async Task<Guid?> LocateOrderAsync(string email, string accessCode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(accessCode))
        {
            return null;
        }

        var emailLookup = OrderLookup.Normalize(email);
        var code = OrderLookup.Normalize(accessCode);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.DraftOrders.AsNoTracking()
            .Where(o => o.RegistrantEmailLookup == emailLookup && o.AccessCode == code)
            .Select(o => (Guid?)o.OrderId)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<PricedOrder?> FindPricedOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await context.PricedOrders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.OrderId == orderId, cancellationToken);
        return order is null
            ? null
            : new PricedOrder(
                order.OrderId,
                order.ConferenceId,
                [.. order.Lines.OrderBy(l => l.Position).Select(l => new PricedOrderLine(l.SeatType, l.Description, l.UnitPrice, l.Quantity, l.LineTotal))],
                order.Total,
                order.IsFreeOfCharge,
                order.ReservationExpirationDate,
                order.IsExpired,
                order.AssignmentsId,
                order.OrderVersion);
    }

    public async Task<OrderSeats?> FindOrderSeatsAsync(Guid assignmentsId, CancellationToken cancellationToken)
    {
        var blob = await blobs.FindAsync(OrderSeatsDocument.BlobId(assignmentsId), cancellationToken);
        return blob is null ? null : OrderSeatsDocument.Deserialize(blob);
    }
}
