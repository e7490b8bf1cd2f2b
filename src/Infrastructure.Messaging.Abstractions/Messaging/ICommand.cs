namespace Infrastructure.Messaging;

/// <summary>An instruction to do something, handled by exactly one handler.</summary>
public interface ICommand
{
    Guid Id { get; }
}
