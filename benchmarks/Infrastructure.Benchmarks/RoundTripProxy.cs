using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Infrastructure.Benchmarks;

/// <summary>
/// A TCP relay in front of PostgreSQL that counts round trips: each time a client writes after the
/// server has answered it since its last write (a pipelined batch counts once, the connection's
/// handshake counts too, so measure after a warm-up).
/// </summary>
public sealed class RoundTripProxy : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly string host;
    private readonly int port;
    private long roundTrips;

    public RoundTripProxy(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        host = builder.Host ?? "127.0.0.1";
        port = builder.Port;
        listener.Start();
        builder.Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        builder.ApplicationName = "round-trip-count";
        ConnectionString = builder.ConnectionString;
        _ = AcceptAsync();
    }

    /// <summary>The connection string through the relay (a pool of its own).</summary>
    public string ConnectionString { get; }

    public long RoundTrips => Interlocked.Read(ref roundTrips);

    /// <summary>Round trips per operation over <paramref name="count"/> sequential ones, after as many to warm up.</summary>
    public async Task<double> PerOperationAsync(int count, Func<Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (var i = 0; i < count; i++)
        {
            await operation();
        }

        var before = RoundTrips;
        for (var i = 0; i < count; i++)
        {
            await operation();
        }

        return (RoundTrips - before) / (double)count;
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(host, port, stop.Token);
                client.NoDelay = true;
                server.NoDelay = true;
                var answered = 1; // the first write (the startup message) counts
                var fromClient = CopyAsync(client.GetStream(), server.GetStream(), () =>
                {
                    if (Interlocked.Exchange(ref answered, 0) == 1)
                    {
                        Interlocked.Increment(ref roundTrips);
                    }
                });
                var fromServer = CopyAsync(server.GetStream(), client.GetStream(), () => Interlocked.Exchange(ref answered, 1));
                await Task.WhenAny(fromClient, fromServer);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // A connection closed by either side ends its relay.
            }
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, Action onData)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, stop.Token)) > 0)
        {
            onData();
            await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        stop.Dispose();
    }
}
