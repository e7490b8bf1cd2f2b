using System.Linq.Expressions;
using System.Reflection;
using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Processes;

namespace Registration.Tests.Fakes;

/// <summary>
/// Rows of process managers, copied in and out like a database would (so two loads are two objects),
/// with an optimistic concurrency check on the Version property; after a save the commands are sent.
/// </summary>
public sealed class FakeProcessManagerDataContext<T>(InMemoryBus bus) : IProcessManagerDataContext<T>
    where T : class, IProcessManager
{
    private static readonly PropertyInfo[] Columns = typeof(T)
        .GetProperties(BindingFlags.Instance | BindingFlags.Public)
        .Where(p => p.GetSetMethod(nonPublic: true) is not null)
        .ToArray();

    private static readonly PropertyInfo VersionColumn = typeof(T).GetProperty("Version")
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no Version property.");

    private readonly Dictionary<Guid, T> rows = [];

    public IReadOnlyCollection<T> All
    {
        get
        {
            lock (rows)
            {
                return rows.Values.Select(Copy).ToList();
            }
        }
    }

    public Task<T?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            return Task.FromResult(rows.TryGetValue(id, out var row) ? Copy(row) : null);
        }
    }

    public Task<T?> FindAsync(Expression<Func<T, bool>> predicate, bool includeCompleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var matches = predicate.Compile();
        lock (rows)
        {
            var row = rows.Values.FirstOrDefault(r => (includeCompleted || !r.Completed) && matches(r));
            return Task.FromResult(row is null ? null : Copy(row));
        }
    }

    public async Task SaveAsync(T processManager, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(processManager);
        var version = (int)VersionColumn.GetValue(processManager)!;
        lock (rows)
        {
            var storedVersion = rows.TryGetValue(processManager.Id, out var row) ? (int?)VersionColumn.GetValue(row) : null;
            if (storedVersion != (version == 0 ? null : version))
            {
                throw new ConcurrencyException($"{typeof(T).Name} {processManager.Id} was changed by someone else.");
            }

            VersionColumn.SetValue(processManager, version + 1);
            rows[processManager.Id] = Copy(processManager);
        }

        await bus.SendAsync(processManager.Commands.ToList(), cancellationToken);
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
