package rocks.ouroboros.jna.irm;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

/**
 * {@code libouroboros-irm}, interface-mapped (management calls are rare and one takes a struct
 * by value). The string arguments of {@code irm_connect_ipcp} and {@code irm_disconnect_ipcp}
 * are {@code (dst, component)} as the implementation reads them; the header names them the
 * other way round.
 */
interface IrmLibrary extends Library {

	int irm_create_ipcp(String name, int type);

	int irm_destroy_ipcp(int pid);

	long irm_list_ipcps(PointerByReference ipcps);

	int irm_enroll_ipcp(int pid, String dst);

	int irm_bootstrap_ipcp(int pid, Pointer config);

	int irm_connect_ipcp(int pid, String dst, String component, QosValue qos);

	int irm_disconnect_ipcp(int pid, String dst, String component);

	int irm_bind_program(String program, String name, short options, int argc, StringArray argv);

	int irm_unbind_program(String program, String name);

	int irm_bind_process(int pid, String name);

	int irm_unbind_process(int pid, String name);

	int irm_create_name(Pointer info);

	int irm_destroy_name(String name);

	long irm_list_names(PointerByReference names);

	int irm_reg_name(String name, int pid);

	int irm_unreg_name(String name, int pid);

	/** {@code qosspec_t} by value; JNA's natural alignment gives upstream's 40-byte layout. */
	@Structure.FieldOrder({ "delay", "bandwidth", "availability", "loss", "ber", "in_order", "max_gap", "timeout" })
	class QosValue extends Structure implements Structure.ByValue {

		public int delay;

		public long bandwidth;

		public byte availability;

		public int loss;

		public int ber;

		public byte in_order;

		public int max_gap;

		public int timeout;

	}

}
