package rocks.ouroboros.jna.irm;

/**
 * One IPC process as {@code irm ipcp list} shows it ({@code struct ipcp_list_info}).
 *
 * @param pid its process id
 * @param type its type
 * @param name its name
 * @param layer the layer it is in, empty before it bootstrapped or enrolled
 */
public record IpcpInfo(int pid, IpcpType type, String name, String layer) {
}
