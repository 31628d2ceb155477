package rocks.ouroboros.jna;

import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FFM downcall handles of {@link ForeignCalls}, bound to libc functions of the same shapes
 * as the dev library's per-packet calls: {@code read}/{@code write} for {@code flow_read} and
 * {@code flow_write}, {@code memcpy} for {@code fevent}, {@code atoi} for the queue calls,
 * {@code fcntl} for {@code fccntl}. They run in the Java 25 test execution (tag
 * {@code foreign-calls}, with {@code --enable-native-access}).
 */
class ForeignCallsTests {

	private static final NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);

	private static final int O_RDWR = 2;

	private static final int F_GETLK = 5;

	private static final short F_WRLCK = 1;

	private static final short F_UNLCK = 2;

	@Test
	@EnabledForJreRange(max = JRE.JAVA_21)
	void perPacketCallsGoThroughJnaBeforeJava22() {
		assertThat(ForeignCalls.AVAILABLE).isFalse();
		assertThat(DevLibrary.foreignCalls()).isFalse();
	}

	@Test
	@Tag("foreign-calls")
	@EnabledForJreRange(min = JRE.JAVA_22)
	void readAndWriteShapedCallsMoveBytesThroughAPipe() throws Throwable {
		assertThat(ForeignCalls.AVAILABLE).as("FFM handles with native access enabled on Java 22+").isTrue();
		MethodHandle call = ForeignCalls.INT_LONG_LONG_TO_LONG;
		int[] pipe = new int[2];
		assertThat(libc.getFunction("pipe").invokeInt(new Object[] { pipe })).isZero();
		try {
			ByteBuffer out = ByteBuffer.allocateDirect(16);
			out.put("flow says hi".getBytes(StandardCharsets.US_ASCII)).flip();
			ByteBuffer in = ByteBuffer.allocateDirect(16);
			long written = (long) call.invokeExact(function("write"), pipe[1], address(out), (long) out.remaining());
			long read = (long) call.invokeExact(function("read"), pipe[0], address(in), (long) in.capacity());
			assertThat(written).isEqualTo(12);
			assertThat(read).isEqualTo(12);
			byte[] bytes = new byte[12];
			in.get(0, bytes);
			assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("flow says hi");
			long failed = (long) call.invokeExact(function("read"), -1, address(in), 1L);
			assertThat(failed).as("a failing call returns its own result, unchanged").isEqualTo(-1);
		}
		finally {
			libc.getFunction("close").invokeInt(new Object[] { pipe[0] });
			libc.getFunction("close").invokeInt(new Object[] { pipe[1] });
		}
	}

	@Test
	@Tag("foreign-calls")
	@EnabledForJreRange(min = JRE.JAVA_22)
	void threeLongsAndOneLongShapedCallsPassEveryArgument() throws Throwable {
		Memory source = new Memory(8);
		source.setString(0, "4096", "US-ASCII");
		Memory target = new Memory(8);
		long returned = (long) ForeignCalls.LONG_LONG_LONG_TO_LONG.invokeExact(function("memcpy"),
				Pointer.nativeValue(target), Pointer.nativeValue(source), 5L);
		assertThat(returned).isEqualTo(Pointer.nativeValue(target));
		assertThat(target.getString(0, "US-ASCII")).isEqualTo("4096");
		int parsed = (int) ForeignCalls.LONG_TO_INT.invokeExact(function("atoi"), Pointer.nativeValue(target));
		assertThat(parsed).isEqualTo(4096);
	}

	@Test
	@Tag("foreign-calls")
	@EnabledForJreRange(min = JRE.JAVA_22)
	void variadicCallsPassThePointerAfterTheTwoInts(@TempDir Path directory) throws Throwable {
		// fcntl(int fd, int cmd, ...) has fccntl's shape; F_GETLK writes to the struct flock it
		// is given: a write lock nobody conflicts with comes back as F_UNLCK
		Path file = Files.createFile(directory.resolve("lock"));
		int fd = libc.getFunction("open").invokeInt(new Object[] { file.toString(), O_RDWR });
		assertThat(fd).isNotNegative();
		try {
			Memory flock = new Memory(32);
			flock.clear();
			flock.setShort(0, F_WRLCK);
			int result = (int) ForeignCalls.INT_INT_VARIADIC_LONG_TO_INT.invokeExact(function("fcntl"), fd, F_GETLK,
					Pointer.nativeValue(flock));
			assertThat(result).isZero();
			assertThat(flock.getShort(0)).isEqualTo(F_UNLCK);
			int failed = (int) ForeignCalls.INT_INT_VARIADIC_LONG_TO_INT.invokeExact(function("fcntl"), -1, F_GETLK,
					Pointer.nativeValue(flock));
			assertThat(failed).isEqualTo(-1);
		}
		finally {
			libc.getFunction("close").invokeInt(new Object[] { fd });
		}
	}

	private static Object function(String name) {
		return ForeignCalls.function(Pointer.nativeValue(libc.getFunction(name)));
	}

	private static long address(ByteBuffer buffer) {
		return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
	}

}
