using System.Net;
using System.Net.Sockets;

namespace Conference.AcceptanceTests.Drivers;

public static class FreePort
{
    /// <summary>
    /// A loopback port nobody listens on right now (the OS picks it). Another process could take it
    /// before ours binds; hosts that fail to bind say so in their output.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
