using System.Linq.Expressions;
using System.Text.Json;
using Infrastructure.Messaging;
using Infrastructure.Processes;
using Infrastructure.Serialization;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Infrastructure.Sql.Processes;

/// <summary>
/// Saves a process manager and the commands it wants to send in one transaction. With the SQL
/// transport in the process manager's own database (<paramref name="database"/> given, and the command
/// bus a <see cref="CommandBus"/> on it), the commands are enqueued in that transaction itself. Otherwise
/// they are saved in an outbox row, sent after the commit, and the row deleted (RI V3
/// "pseudo-transaction"): if the process dies after the commit, the next <see cref="FindAsync(Guid, CancellationToken)"/>
/// of that process manager (or <see cref="DispatchAllUndispatchedAsync"/> at start-up) sends them. Sends
/// are deduplicated by message id, so sending twice is harmless. One instance per unit of work (it owns a DbContext).
/// </summary>
public sealed class SqlProcessManagerDataContext<T>(ProcessManagerDbContext context, ICommandBus commandBus, IMessageSerializer serializer, SqlDatabase? database = null)
    : IProcessManagerDataContext<T>, IAsyncDisposable
    where T : class, IProcessManager
{
    private readonly (CommandBus Bus, SqlMessageSender Sender)? sendsOnSave =
        database is not null && commandBus is CommandBus { Sender: SqlMessageSender sender } bus && sender.Database.IsSameAs(database) ? (bus, sender) : null;

    public Task<T?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        FindAsync(pm => pm.Id == id, includeCompleted: true, cancellationToken);

    public async Task<T?> FindAsync(Expression<Func<T, bool>> predicate, bool includeCompleted, CancellationToken cancellationToken)
    {
        var processManager = await context.Set<T>().Where(predicate).Where(pm => includeCompleted || !pm.Completed).FirstOrDefaultAsync(cancellationToken);
        if (processManager is not null)
        {
            await DispatchUndispatchedAsync(processManager.Id, cancellationToken);
        }

        return processManager;
    }

    public async Task SaveAsync(T processManager, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processManager);
        var commands = processManager.Commands.ToList();
        var entry = context.Entry(processManager);
        if (entry.State == EntityState.Detached)
        {
            context.Add(processManager);
            entry.Property<int>(ProcessManagerDbContext.ConcurrencyVersion).CurrentValue = 1;
        }
        else
        {
            var version = entry.Property<int>(ProcessManagerDbContext.ConcurrencyVersion);
            version.CurrentValue = version.OriginalValue + 1;
        }

        if (commands.Count > 0 && sendsOnSave is ({ } bus, { } sender))
        {
            // One transaction for the state and its commands, in place of the outbox row's save, send and delete.
            var messages = commands.Select(bus.ToTransportMessage).ToList();
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            await SaveChangesAsync(processManager, cancellationToken);
            var sent = await sender.SendInTransactionAsync(context.Database.GetDbConnection(), transaction.GetDbTransaction(), messages, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            sender.Sent(messages, sent);
            return;
        }

        UndispatchedMessages? outbox = null;
        if (commands.Count > 0)
        {
            outbox = new UndispatchedMessages { Id = processManager.Id, Commands = Serialize(commands) };
            context.UndispatchedMessages.Add(outbox);
        }

        await SaveChangesAsync(processManager, cancellationToken);
        if (outbox is not null)
        {
            await commandBus.SendAsync(commands, cancellationToken);
            await RemoveDispatchedAsync(outbox, cancellationToken);
        }
    }

    private async Task SaveChangesAsync(T processManager, CancellationToken cancellationToken)
    {
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyException($"{typeof(T).Name} {processManager.Id} was changed by someone else.", ex);
        }
        catch (DbUpdateException ex) when (SqlDatabase.IsUniqueViolation(ex))
        {
            // Another instance created the same process manager, or left undispatched commands for it.
            throw new ConcurrencyException($"{typeof(T).Name} {processManager.Id} was created or changed by someone else.", ex);
        }
    }

    /// <summary>Sends every outbox left by a crash; run at start-up.</summary>
    public async Task<int> DispatchAllUndispatchedAsync(CancellationToken cancellationToken)
    {
        var ids = await context.UndispatchedMessages.AsNoTracking().Select(u => u.Id).ToListAsync(cancellationToken);
        foreach (var id in ids)
        {
            await DispatchUndispatchedAsync(id, cancellationToken);
        }

        return ids.Count;
    }

    public ValueTask DisposeAsync() => context.DisposeAsync();

    private async Task DispatchUndispatchedAsync(Guid id, CancellationToken cancellationToken)
    {
        var outbox = await context.UndispatchedMessages.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (outbox is null)
        {
            return;
        }

        await commandBus.SendAsync(Deserialize(outbox.Commands), cancellationToken);
        await RemoveDispatchedAsync(outbox, cancellationToken);
    }

    private async Task RemoveDispatchedAsync(UndispatchedMessages outbox, CancellationToken cancellationToken)
    {
        context.UndispatchedMessages.Remove(outbox);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else (the next message of the same process, finding the outbox) dispatched and
            // deleted it at the same time; the duplicate send was dropped by message id.
            context.Entry(outbox).State = EntityState.Detached;
        }
    }

    private string Serialize(IEnumerable<Envelope<ICommand>> commands) =>
        JsonSerializer.Serialize(
            commands.Select(c =>
            {
                var (typeName, body) = serializer.Serialize(c.Body);
                return new UndispatchedCommand(
                    typeName,
                    body,
                    c.MessageId ?? c.Body.Id.ToString(),
                    c.CorrelationId,
                    c.PartitionKey,
                    (long)c.Delay.TotalMilliseconds,
                    c.TimeToLive is { } ttl ? (long)ttl.TotalMilliseconds : null);
            }).ToList(),
            JsonMessageSerializer.Options);

    private List<Envelope<ICommand>> Deserialize(string json) =>
        (JsonSerializer.Deserialize<List<UndispatchedCommand>>(json, JsonMessageSerializer.Options) ?? [])
        .Select(c => new Envelope<ICommand>((ICommand)serializer.Deserialize(c.TypeName, c.Body))
        {
            MessageId = c.MessageId,
            CorrelationId = c.CorrelationId,
            PartitionKey = c.PartitionKey,
            Delay = TimeSpan.FromMilliseconds(c.DelayMs),
            TimeToLive = c.TimeToLiveMs is { } ttl ? TimeSpan.FromMilliseconds(ttl) : null,
        })
        .ToList();
}
