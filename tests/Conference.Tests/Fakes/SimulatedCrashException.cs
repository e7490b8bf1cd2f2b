namespace Conference.Tests.Fakes;

public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException() : base("Simulated crash.")
    {
    }

    public SimulatedCrashException(string message) : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
