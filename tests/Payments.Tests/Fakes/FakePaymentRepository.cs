using System.Reflection;
using System.Runtime.CompilerServices;
using Infrastructure;
using Infrastructure.Messaging;

namespace Payments.Tests.Fakes;

/// <summary>
/// Rows copied in and out like a database would, with a row version checked on save; the recorded
/// events are published only once the save succeeded.
/// </summary>
public sealed class FakePaymentRepository(IEventBus bus) : IPaymentRepository
{
    private static readonly PropertyInfo[] Columns = typeof(ThirdPartyProcessorPayment)
        .GetProperties(BindingFlags.Instance | BindingFlags.Public)
        .Where(p => p.GetSetMethod(nonPublic: true) is not null)
        .ToArray();

    private readonly Dictionary<Guid, (ThirdPartyProcessorPayment Row, int Version)> rows = [];
    private readonly ConditionalWeakTable<ThirdPartyProcessorPayment, StrongBox<int>> loadedVersions = [];

    public ThirdPartyProcessorPayment? Row(Guid id) => rows.TryGetValue(id, out var row) ? Copy(row.Row) : null;

    public Task<ThirdPartyProcessorPayment?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!rows.TryGetValue(id, out var row))
        {
            return Task.FromResult<ThirdPartyProcessorPayment?>(null);
        }

        var copy = Copy(row.Row);
        loadedVersions.Add(copy, new StrongBox<int>(row.Version));
        return Task.FromResult<ThirdPartyProcessorPayment?>(copy);
    }

    public async Task SaveAsync(ThirdPartyProcessorPayment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var loaded = loadedVersions.TryGetValue(payment, out var version) ? version.Value : 0;
        var stored = rows.TryGetValue(payment.Id, out var row) ? row.Version : 0;
        if (loaded != stored)
        {
            throw new ConcurrencyException($"Payment {payment.Id} was changed by someone else.");
        }

        rows[payment.Id] = (Copy(payment), stored + 1);
        loadedVersions.AddOrUpdate(payment, new StrongBox<int>(stored + 1));
        await bus.PublishAsync(payment.Events.Select(e => new Envelope<IEvent>(e)), cancellationToken);
    }

    private static ThirdPartyProcessorPayment Copy(ThirdPartyProcessorPayment source)
    {
        var copy = (ThirdPartyProcessorPayment)Activator.CreateInstance(typeof(ThirdPartyProcessorPayment), nonPublic: true)!;
        foreach (var column in Columns)
        {
            column.SetValue(copy, column.GetValue(source));
        }

        return copy;
    }
}
