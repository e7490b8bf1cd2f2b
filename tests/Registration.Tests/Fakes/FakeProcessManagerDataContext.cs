using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Processes;

namespace Registration.Tests.Fakes;

/// <summary>
/// Rows of process managers, copied in and out like a database would (so two loads are two objects),
/// with an optimistic concurrency check on a row version remembered per loaded copy (as EF Core's
/// change tracker does with its shadow token); after a save the commands are sent.
/// </summary>
public sealed class FakeProcessManagerDataContext<T>(InMemoryBus bus) : IProcessManagerDataContext<T>
    where T : class, IProcessManager
{
    private static readonly PropertyInfo[] Columns = typeof(T)
        .GetProperties(BindingFlags.Instance | BindingFlags.Public)
        .Where(p => p.GetSetMethod(nonPublic: true) is not null)
        .ToArray();

    private readonly Dictionary<Guid, (T Row, int Version)> rows = [];
    private readonly ConditionalWeakTable<T, StrongBox<int>> loadedVersions = [];

    public IReadOnlyCollection<T> All
    {
        get
        {
            lock (rows)
            {
                return rows.Values.Select(r => Copy(r.Row)).ToList();
            }
        }
    }

    public Task<T?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            return Task.FromResult(rows.TryGetValue(id, out var row) ? Load(row) : null);
        }
    }

    public Task<T?> FindAsync(Expression<Func<T, bool>> predicate, bool includeCompleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var matches = predicate.Compile();
        lock (rows)
        {
            var row = rows.Values.FirstOrDefault(r => (includeCompleted || !r.Row.Completed) && matches(r.Row));
            return Task.FromResult(row.Row is null ? null : Load(row));
        }
    }

    public async Task SaveAsync(T processManager, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processManager);
        var version = loadedVersions.TryGetValue(processManager, out var loaded) ? loaded.Value : 0;
        lock (rows)
        {
            var storedVersion = rows.TryGetValue(processManager.Id, out var row) ? row.Version : 0;
            if (storedVersion != version)
            {
                throw new ConcurrencyException($"{typeof(T).Name} {processManager.Id} was changed by someone else.");
            }

            rows[processManager.Id] = (Copy(processManager), version + 1);
            loadedVersions.AddOrUpdate(processManager, new StrongBox<int>(version + 1));
        }

        await bus.SendAsync(processManager.Commands.ToList(), cancellationToken);
    }

    private T Load((T Row, int Version) row)
    {
        var copy = Copy(row.Row);
        loadedVersions.AddOrUpdate(copy, new StrongBox<int>(row.Version));
        return copy;
    }

    private static T Copy(T source)
    {
        var copy = (T)Activator.CreateInstance(typeof(T), nonPublic: true)!;
        foreach (var column in Columns)
        {
            column.SetValue(copy, column.GetValue(source));
        }

        return copy;
    }
}
