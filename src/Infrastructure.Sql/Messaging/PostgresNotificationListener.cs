using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Infrastructure.Sql.Messaging;

/// <summary>
/// One LISTEN connection per PostgreSQL database per process: senders anywhere run
/// <c>pg_notify('conference_messages', topic and types)</c> after their sends commit (<see cref="PostgresNotifier"/>),
/// and this turns each notification into a local <see cref="MessageSignal"/> pulse.
/// </summary>
internal sealed partial class PostgresNotificationListener
{
    public const string Channel = "conference_messages";

    private static readonly ConcurrentDictionary<string, PostgresNotificationListener> Listeners = new(StringComparer.Ordinal);

    private readonly string connectionString;
    private readonly ILogger logger;

    private PostgresNotificationListener(string connectionString, ILogger logger)
    {
        this.connectionString = connectionString;
        this.logger = logger;
        _ = Task.Run(ListenAsync);
    }

    // A NOTIFY payload is at most 8000 bytes; a send's types are listed only while they fit, else receivers all look.
    private const int MaxPayloadLength = 7900;

    /// <summary>The topic, then the types sent, one per line; a topic alone wakes every receiver of the topic.</summary>
    public static string Payload(string topic, IReadOnlyCollection<string> typeNames)
    {
        var payload = string.Join('\n', typeNames.Prepend(topic));
        return System.Text.Encoding.UTF8.GetByteCount(payload) <= MaxPayloadLength ? payload : topic;
    }

    public static (string Topic, IReadOnlyCollection<string>? TypeNames) ParsePayload(string payload)
    {
        var lines = payload.Split('\n');
        return (lines[0], lines.Length > 1 ? lines[1..] : null);
    }

    public static void EnsureStarted(string connectionString, ILogger logger) =>
        Listeners.GetOrAdd(connectionString, cs => new PostgresNotificationListener(cs, logger));

    private async Task ListenAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 };
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, e) =>
                {
                    var (topic, typeNames) = ParsePayload(e.Payload);
                    MessageSignals.PulseAll(connectionString, topic, typeNames);
                };
                await connection.OpenAsync();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync();
                }

                while (true)
                {
                    await connection.WaitAsync();
                }
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                // The database is gone (a dropped test database): nothing left to listen to.
                Listeners.TryRemove(connectionString, out _);
                return;
            }
            catch (Exception ex)
            {
                // Receivers still poll, only less eagerly; try to listen again shortly.
                LogListenFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "PostgreSQL notification listener failed; reconnecting")]
    private partial void LogListenFailed(Exception ex);
}
