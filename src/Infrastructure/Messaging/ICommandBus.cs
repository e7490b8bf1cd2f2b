namespace Infrastructure.Messaging;

public interface ICommandBus
{
    Task SendAsync(Envelope<ICommand> command, CancellationToken cancellationToken);

    Task SendAsync(IEnumerable<Envelope<ICommand>> commands, CancellationToken cancellationToken);
}

public static class CommandBusExtensions
{
    public static Task SendAsync(this ICommandBus bus, ICommand command, CancellationToken cancellationToken) =>
        bus.SendAsync(Envelope.Create(command), cancellationToken);
}
