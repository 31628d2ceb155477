package rocks.ouroboros.jna.irm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.PointerByReference;

import rocks.ouroboros.flow.Names;
import rocks.ouroboros.flow.QosSpec;

/**
 * The IRM daemon's management API, as the {@code irm} tool uses it: IPC processes, names, and
 * which programs and processes serve a name. Every failure throws an {@link IrmException} naming
 * the call and the upstream error. Calls need irmd and its rights (root or the {@code ouroboros}
 * group).
 */
public final class Irm {

	/** The data transfer component, for {@link #connectIpcp}. */
	public static final String DATA_TRANSFER = "Data Transfer";

	/** The management component, for {@link #connectIpcp}. */
	public static final String MANAGEMENT = "Management";

	private static final int BIND_AUTO = 0x01;

	private final IrmLibrary library;

	private Irm(IrmLibrary library) {
		this.library = library;
	}

	/**
	 * Loads {@code libouroboros-irm} from {@code library}. Loading it is harmless without irmd
	 * (unlike the dev library); its calls then fail with {@code -EIRMD}.
	 * Prefer {@link rocks.ouroboros.jna.NativeBackend#irm}, which finds the file and checks irmd.
	 */
	public static Irm load(Path library) {
		Objects.requireNonNull(library, "library");
		Map<String, Object> options = Collections.singletonMap(Library.OPTION_STRING_ENCODING, "UTF-8");
		return new Irm(Native.load(library.toString(), IrmLibrary.class, options));
	}

	// ---------------------------------------------------------------- IPCPs

	/** The IPC processes irmd knows. */
	public List<IpcpInfo> listIpcps() {
		PointerByReference out = new PointerByReference();
		long n = this.library.irm_list_ipcps(out);
		check(n, "irm_list_ipcps()");
		List<IpcpInfo> ipcps = new ArrayList<>();
		Pointer array = out.getValue();
		if (array == null) {
			return ipcps;
		}
		try {
			for (int i = 0; i < n; i++) {
				ipcps.add(NativeLayouts.readIpcpInfo(array.share((long) i * NativeLayouts.IPCP_LIST_INFO_SIZE)));
			}
		}
		finally {
			Native.free(Pointer.nativeValue(array));
		}
		return ipcps;
	}

	/** The IPC process called {@code name}. */
	public Optional<IpcpInfo> findIpcp(String name) {
		Names.requireValid(name, "IPCP name");
		return listIpcps().stream().filter((ipcp) -> ipcp.name().equals(name)).findFirst();
	}

	/** The IPC processes in {@code layer}. */
	public List<IpcpInfo> ipcpsInLayer(String layer) {
		Names.requireValid(layer, "layer");
		return listIpcps().stream().filter((ipcp) -> ipcp.layer().equals(layer)).toList();
	}

	/**
	 * Starts an IPC process. {@code irm_create_ipcp} returns 0, not a pid, so the new process is
	 * looked up by name.
	 */
	public IpcpInfo createIpcp(String name, IpcpType type) {
		Names.requireValid(name, "IPCP name");
		Objects.requireNonNull(type, "type");
		check(this.library.irm_create_ipcp(name, type.code()), "irm_create_ipcp('" + name + "', " + type + ")");
		return findIpcp(name).orElseThrow(() -> new IrmException("irm_create_ipcp('" + name + "', " + type
				+ ") succeeded but irmd does not list an IPCP of that name", 0));
	}

	/** Stops an IPC process. */
	public void destroyIpcp(int pid) {
		check(this.library.irm_destroy_ipcp(pid), "irm_destroy_ipcp(" + pid + ")");
	}

	/** Bootstraps an IPC process: it makes a new layer. */
	public void bootstrapIpcp(int pid, IpcpConfig config) {
		Objects.requireNonNull(config, "config");
		Memory conf = NativeLayouts.ipcpConfig(config);
		check(this.library.irm_bootstrap_ipcp(pid, conf), "irm_bootstrap_ipcp(" + pid + ", " + config + ")");
	}

	/** Enrolls an IPC process in the layer of the IPCP called {@code dst}. */
	public void enrollIpcp(int pid, String dst) {
		Names.requireValid(dst, "destination");
		check(this.library.irm_enroll_ipcp(pid, dst), "irm_enroll_ipcp(" + pid + ", '" + dst + "')");
	}

	/**
	 * Connects a component ({@link #DATA_TRANSFER} or {@link #MANAGEMENT}) of an IPC process to
	 * the IPCP called {@code dst}.
	 */
	public void connectIpcp(int pid, String dst, String component, QosSpec qos) {
		Names.requireValid(dst, "destination");
		Names.requireValid(component, "component");
		Objects.requireNonNull(qos, "qos");
		IrmLibrary.QosValue value = new IrmLibrary.QosValue();
		value.delay = (int) qos.delayMillis();
		value.bandwidth = qos.bandwidth();
		value.availability = (byte) qos.availability();
		value.loss = (int) qos.loss();
		value.ber = (int) qos.ber();
		value.in_order = (byte) (qos.inOrder() ? 1 : 0);
		value.max_gap = (int) qos.maxGapMillis();
		value.timeout = (int) qos.timeoutMillis();
		check(this.library.irm_connect_ipcp(pid, dst, component, value),
				"irm_connect_ipcp(" + pid + ", '" + dst + "', '" + component + "')");
	}

	/** Disconnects a component of an IPC process from the IPCP called {@code dst}. */
	public void disconnectIpcp(int pid, String dst, String component) {
		Names.requireValid(dst, "destination");
		Names.requireValid(component, "component");
		check(this.library.irm_disconnect_ipcp(pid, dst, component),
				"irm_disconnect_ipcp(" + pid + ", '" + dst + "', '" + component + "')");
	}

	// ---------------------------------------------------------------- names

	/** Creates a name; a name that exists already fails. */
	public void createName(NameInfo info) {
		Objects.requireNonNull(info, "info");
		check(this.library.irm_create_name(NativeLayouts.nameInfo(info)), "irm_create_name('" + info.name() + "')");
	}

	/** Destroys a name. */
	public void destroyName(String name) {
		Names.requireValid(name, "name");
		check(this.library.irm_destroy_name(name), "irm_destroy_name('" + name + "')");
	}

	/** The names irmd knows. */
	public List<NameInfo> listNames() {
		PointerByReference out = new PointerByReference();
		long n = this.library.irm_list_names(out);
		check(n, "irm_list_names()");
		List<NameInfo> names = new ArrayList<>();
		Pointer array = out.getValue();
		if (array == null) {
			return names;
		}
		try {
			for (int i = 0; i < n; i++) {
				names.add(NativeLayouts.readNameInfo(array.share((long) i * NativeLayouts.NAME_INFO_SIZE)));
			}
		}
		finally {
			Native.free(Pointer.nativeValue(array));
		}
		return names;
	}

	/** Whether irmd knows the name. */
	public boolean nameExists(String name) {
		Names.requireValid(name, "name");
		return listNames().stream().anyMatch((info) -> info.name().equals(name));
	}

	/** Registers a name in the layer of the IPC process {@code ipcpPid}. */
	public void registerName(String name, int ipcpPid) {
		Names.requireValid(name, "name");
		check(this.library.irm_reg_name(name, ipcpPid), "irm_reg_name('" + name + "', " + ipcpPid + ")");
	}

	/** Unregisters a name from the layer of the IPC process {@code ipcpPid}. */
	public void unregisterName(String name, int ipcpPid) {
		Names.requireValid(name, "name");
		check(this.library.irm_unreg_name(name, ipcpPid), "irm_unreg_name('" + name + "', " + ipcpPid + ")");
	}

	// ---------------------------------------------------------------- binds

	/**
	 * Binds a program to a name; with {@code auto}, irmd starts it with {@code args} on the first
	 * request. A program without a {@code /} is looked up on the {@code PATH} here: upstream's own
	 * lookup (0.23.0) writes into the process's {@code PATH} and leaves it cut to its first entry,
	 * after which every program this JVM starts by bare name is not found.
	 * @throws IllegalArgumentException when the program is not found
	 */
	public void bindProgram(String program, String name, boolean auto, List<String> args) {
		Names.requireValid(program, "program");
		Names.requireValid(name, "name");
		Objects.requireNonNull(args, "args");
		String path = resolve(program);
		StringArray argv = args.isEmpty() ? null : new StringArray(args.toArray(String[]::new), "UTF-8");
		check(this.library.irm_bind_program(path, name, (short) (auto ? BIND_AUTO : 0), args.size(), argv),
				"irm_bind_program('" + path + "', '" + name + "')");
	}

	private static String resolve(String program) {
		if (program.contains("/")) {
			return program;
		}
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(java.io.File.pathSeparator)) {
				Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
				if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) {
					return candidate.toAbsolutePath().toString();
				}
			}
		}
		throw new IllegalArgumentException("the program '" + program + "' is not on the PATH (" + path
				+ "): give its full path");
	}

	/** Unbinds a program from a name; irmd knows programs by file name, so a path is cut to that. */
	public void unbindProgram(String program, String name) {
		Names.requireValid(program, "program");
		Names.requireValid(name, "name");
		String file = Path.of(program).getFileName().toString();
		check(this.library.irm_unbind_program(file, name), "irm_unbind_program('" + file + "', '" + name + "')");
	}

	/** Binds a running process to a name: it will be offered flows to the name. */
	public void bindProcess(int pid, String name) {
		Names.requireValid(name, "name");
		check(this.library.irm_bind_process(pid, name), "irm_bind_process(" + pid + ", '" + name + "')");
	}

	/** Unbinds a process from a name. */
	public void unbindProcess(int pid, String name) {
		Names.requireValid(name, "name");
		check(this.library.irm_unbind_process(pid, name), "irm_unbind_process(" + pid + ", '" + name + "')");
	}

	private static void check(long result, String call) {
		if (result < 0) {
			throw new IrmException(call + " failed: " + rocks.ouroboros.jna.NativeErrors.describe(result)
					+ hint(result), (int) result);
		}
	}

	private static String hint(long result) {
		if (result == -1 || result == -13) {
			return "; run as root or as a member of the 'ouroboros' group";
		}
		if (result == -1002) {
			return "; is irmd running?";
		}
		return "";
	}

}
