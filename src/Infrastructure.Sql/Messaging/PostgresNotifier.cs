using System.Collections.Concurrent;
using Infrastructure.Sql.Database;
using Npgsql;

namespace Infrastructure.Sql.Messaging;

/// <summary>
/// Tells the <see cref="PostgresNotificationListener"/>s of other processes that topics have new
/// messages, after the sends committed, from one loop per database. A NOTIFY inside each send's
/// transaction took the server's database-wide notification lock, which a transaction holds until its
/// commit is flushed, so concurrent sends committed one at a time (with fsync on, one flush each). Here
/// one notifying statement runs at a time, carrying every topic sent to meanwhile with the types sent to
/// it (so only the receivers whose filters take one of them wake), at most one per <see cref="MinInterval"/>;
/// a receiver in another process wakes that much later at worst, and polls anyway if a notification is lost.
/// </summary>
internal sealed class PostgresNotifier
{
    /// <summary>The shortest gap between two notifying statements of one database.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(2);

    private static readonly ConcurrentDictionary<string, PostgresNotifier> Notifiers = new(StringComparer.Ordinal);

    private readonly SqlDatabase database;
    private readonly Dictionary<string, HashSet<string>> pending = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private bool running;

    private PostgresNotifier(SqlDatabase database) => this.database = database;

    public static PostgresNotifier For(SqlDatabase database) =>
        Notifiers.GetOrAdd(database.ConnectionString, _ => new PostgresNotifier(database));

    /// <summary>Notifies <paramref name="topic"/> of <paramref name="typeNames"/> soon (with whatever else is pending); returns at once.</summary>
    public void Notify(string topic, IEnumerable<string> typeNames)
    {
        lock (gate)
        {
            if (!pending.TryGetValue(topic, out var types))
            {
                pending[topic] = types = new HashSet<string>(StringComparer.Ordinal);
            }

            types.UnionWith(typeNames);
            if (running)
            {
                return;
            }

            running = true;
        }

        _ = Task.Run(FlushAsync);
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            string[] payloads;
            lock (gate)
            {
                if (pending.Count == 0)
                {
                    running = false;
                    return;
                }

                payloads = [.. pending.Select(p => PostgresNotificationListener.Payload(p.Key, p.Value))];
                pending.Clear();
            }

            try
            {
                await using var connection = (NpgsqlConnection)await database.OpenConnectionAsync(default);
                await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, payload) FROM unnest(@payloads) AS payload", connection);
                notify.Parameters.AddWithValue("channel", PostgresNotificationListener.Channel);
                notify.Parameters.AddWithValue("payloads", payloads);
                await notify.ExecuteNonQueryAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // Receivers elsewhere still poll (at most MaxPollInterval apart); the next send notifies again.
            }

            await Task.Delay(MinInterval);
        }
    }
}
