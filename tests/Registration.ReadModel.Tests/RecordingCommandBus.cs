using Infrastructure.Messaging;

namespace Registration.ReadModel.Tests;

/// <summary>Records the commands sent; <see cref="Delivered"/> drops repeated message ids, as the transport's duplicate detection does.</summary>
public sealed class RecordingCommandBus : ICommandBus
{
    private readonly List<Envelope<ICommand>> sent = [];

    public IReadOnlyList<Envelope<ICommand>> Sent
    {
        get
        {
            lock (sent)
            {
                return [.. sent];
            }
        }
    }

    public IReadOnlyList<ICommand> Delivered =>
        [.. Sent.GroupBy(e => e.MessageId ?? e.Body.Id.ToString()).Select(g => g.First().Body)];

    public Task SendAsync(Envelope<ICommand> command, CancellationToken cancellationToken) => SendAsync([command], cancellationToken);

    /// <summary>The next send is recorded (it reached the transport) and then fails, like a process dying right after sending.</summary>
    public bool CrashAfterNextSend { get; set; }

    public Task SendAsync(IEnumerable<Envelope<ICommand>> commands, CancellationToken cancellationToken)
    {
        lock (sent)
        {
            sent.AddRange(commands);
        }

        if (CrashAfterNextSend)
        {
            CrashAfterNextSend = false;
            throw new IOException("Crashed after sending.");
        }

        return Task.CompletedTask;
    }
}
