using System.Net;
using System.Net.Sockets;

namespace PiCluster.TestSupport;

/// <summary>
/// The one source of loopback ports for tests. In-process servers listen on port 0 and keep the socket
/// (<see cref="Listen"/>); etcd is started on port 0 and its port read back from its log (<see cref="EtcdProcess"/>).
/// sshd refuses port 0 ("Badly formatted port number"), so it gets a port from <see cref="ForServerThatCannotTakeZero"/>,
/// binds it itself and reports a clash, on which the caller takes the next port: nothing is probed and released.
/// </summary>
public static class LoopbackPorts
{
    private static int _handedOut;

    /// <summary>A listening socket on 127.0.0.1 at a port the kernel chose; the caller keeps it for the server's life.</summary>
    public static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    public static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>
    /// A loopback socket bound but never listening: a connection to its port is refused at once (an offline upstream),
    /// and no other server can take the port while the caller keeps the socket.
    /// </summary>
    public static Socket Refusing()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>
    /// A port below the kernel's ephemeral range (so no port-0 bind or outgoing connection is ever given it), distinct
    /// within this process and spread by process id across the unit and integration test processes. The server binds
    /// it; when the server reports the address in use, ask again.
    /// </summary>
    public static int ForServerThatCannotTakeZero()
    {
        var (low, _) = EphemeralRange();
        // 9000 ports just below the ephemeral range; each test process starts at its own 900-port stripe.
        var offset = (Interlocked.Increment(ref _handedOut) + Environment.ProcessId % 10 * 900) % 9000;
        return Math.Max(1024, low - 9000) + offset;
    }

    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return (32768, 60999); // Linux default
        }
    }
}
