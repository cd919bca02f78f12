import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 as its {@code MainApp} does, with three fixes. Two start-up
 * races otherwise leave the kernel deaf (the client gives up after 60 s: "Kernel didn't
 * respond"), in about one start in five on a busy machine, and one logging setting breaks Spark:
 *
 * <ol>
 *   <li>{@code Channels.connect} binds the sockets, which starts the shell loop, before it creates
 *       its map of message handlers. The client's first {@code kernel_info_request}, queued while
 *       the JVM starts, can arrive in between and kill the shell thread with a
 *       NullPointerException. Here the map exists, empty, before the sockets are bound: an early
 *       request is dropped ("Unhandled message") and the client, which asks every second, asks
 *       again.
 *   <li>{@code LoopThread.start()} sets its {@code running} flag only after {@code Thread.start()}:
 *       a thread that checks the flag first ends at once, silently. Here every loop thread that
 *       ended during start-up is replaced by a new one whose flag is set before it starts.
 *   <li>The kernel's {@code logging.properties} sets every java.util.logging logger to FINEST.
 *       Once Spark has installed its JUL-to-SLF4J bridge, Janino's FINER tracing records reach a
 *       formatter that throws inside Janino ({@code IClass.toString}), and Spark's code
 *       generation fails ("Failed to compile ... InternalCompilerException"). Here the root
 *       level is INFO, which keeps the kernel's own messages.
 * </ol>
 *
 * Reflection on the kernel's private fields: tied to version 3.0.1, which {@code notebooks/setup}
 * pins. The kernel spec runs this class with the connection file as its one argument.
 */
public final class SweepKernel {
  private SweepKernel() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SweepKernel CONNECTION_FILE");
    }
    LogManager.getLogManager()
        .readConfiguration(MainApp.class.getClassLoader().getResourceAsStream("logging.properties"));
    Logger.getLogger("").setLevel(Level.INFO);
    ConnectionProperties connection =
        Transform.fromJson(Files.readString(Path.of(args[0])), ConnectionProperties.class);
    Channels channels = new Channels(connection);
    field(Channels.class, "handlers").set(channels, new HashMap<>());
    channels.connect(MainApp.kernel);
    Thread.sleep(200); // a loop thread that lost race 2 has ended by now
    for (String name : new String[] {"heartbeat", "shell", "control"}) {
      Object channel = field(Channels.class, name).get(channels);
      Field loopField = field(channel.getClass(), "loopThread");
      LoopThread loop = (LoopThread) loopField.get(channel);
      if (loop != null && !loop.isAlive()) {
        LoopThread fresh = new LoopThread(loop.getName(), (long) field(LoopThread.class, "sleep").get(loop),
            (Runnable) field(LoopThread.class, "loopBody").get(loop));
        field(LoopThread.class, "running").set(fresh, true);
        loopField.set(channel, fresh);
        fresh.start();
        System.err.println("SweepKernel: restarted " + loop.getName() + ", which ended at start-up");
      }
    }
    channels.joinUntilClose();
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field f = type.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }
}
