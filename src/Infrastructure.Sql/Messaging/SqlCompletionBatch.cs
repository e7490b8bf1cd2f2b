using System.Text;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Sql.Messaging;

/// <summary>
/// The completions a transport's message processors hand over on unordered subscriptions, deleted
/// together: every completion handed over within the window is one statement in one transaction,
/// instead of a transaction each, and the processor goes on to its next message at once. A completion
/// handed over is a message already handled; if it never commits (a crash within the window, or a
/// lock that lapsed meanwhile), the message is delivered again, as at-least-once delivery allows.
/// Disposing commits what is pending.
/// </summary>
internal sealed partial class SqlCompletionBatch : IAsyncDisposable
{
    /// <summary>Two parameters a completion, within SQL Server's 2,100 per statement.</summary>
    private const int Chunk = 500;

    private readonly SqlDatabase database;
    private readonly TimeProvider clock;
    private readonly TimeSpan window;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly SemaphoreSlim due = new(0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task flushing;
    private List<ReceivedMessage> pending = [];

    public SqlCompletionBatch(SqlDatabase database, TimeProvider clock, TimeSpan window, ILogger logger)
    {
        this.database = database;
        this.clock = clock;
        this.window = window;
        this.logger = logger;
        flushing = Task.Run(FlushContinuouslyAsync);
    }

    /// <summary>Queues the deletion of a handled message; it commits within the window.</summary>
    public void Add(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (gate)
        {
            pending.Add(message);
            if (pending.Count > 1)
            {
                return;
            }
        }

        due.Release();
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await stopping.CancelAsync();
        await flushing;
        stopping.Dispose();
        due.Dispose();
    }

    /// <summary>The deletion of each chunk of completions: the message, still locked by the token its receiver got.</summary>
    internal static string DeleteSql(int count)
    {
        var sql = new StringBuilder("""DELETE FROM "Messages" WHERE "VisibleAt" > @now AND (""");
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? string.Empty : " OR ").Append($"(\"Id\" = @id{i} AND \"LockToken\" = @token{i})");
        }

        return sql.Append(')').ToString();
    }

    private async Task FlushContinuouslyAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await due.WaitAsync(stopping.Token);

                // The window gathers what the other processors complete meanwhile into the same transaction.
                await Task.Delay(window, stopping.Token);
            }
            catch (OperationCanceledException)
            {
            }

            await FlushAsync();
        }

        await FlushAsync();
    }

    private async Task FlushAsync()
    {
        List<ReceivedMessage> batch;
        lock (gate)
        {
            if (pending.Count == 0)
            {
                return;
            }

            batch = pending;
            pending = [];
        }

        try
        {
            var deleted = await database.Retry.ExecuteAsync(
                async token =>
                {
                    await using var connection = await database.OpenConnectionAsync(token);
                    await using var transaction = await connection.BeginWriteAsync(token);
                    var now = clock.GetUtcNow().ToUnixMs();
                    var rows = 0;
                    foreach (var chunk in batch.Chunk(Chunk))
                    {
                        await using var delete = connection.Command(DeleteSql(chunk.Length), transaction);
                        delete.With("now", now);
                        for (var i = 0; i < chunk.Length; i++)
                        {
                            delete.With($"id{i}", chunk[i].SequenceNumber).With($"token{i}", chunk[i].LockToken);
                        }

                        rows += await delete.ExecuteNonQueryAsync(token);
                    }

                    await transaction.CommitAsync(token);
                    return rows;
                },
                CancellationToken.None);
            if (deleted < batch.Count)
            {
                LogLocksLost(batch.Count - deleted, batch.Count);
            }
        }
        catch (Exception ex)
        {
            LogFlushFailed(ex, batch.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Lost} of {Count} completed messages were no longer locked by their receivers (their locks lapsed); they will be delivered again")]
    private partial void LogLocksLost(int lost, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete {Count} completed messages; their locks will expire and they will be delivered again")]
    private partial void LogFlushFailed(Exception ex, int count);
}
