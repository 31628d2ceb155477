package rocks.ouroboros.embedded;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broadcast layer of the embedded layer: what one member writes reaches every other member,
 * not the writer. As upstream's broadcast IPCP, a member with a full receive ring misses the
 * packet rather than holding up the others.
 */
final class BroadcastGroup {

	private final String name;

	private final List<EmbeddedFlow> members = new CopyOnWriteArrayList<>();

	BroadcastGroup(String name) {
		this.name = name;
	}

	String name() {
		return this.name;
	}

	void join(EmbeddedFlow member) {
		this.members.add(member);
	}

	void leave(EmbeddedFlow member) {
		this.members.remove(member);
	}

	void send(EmbeddedFlow from, byte[] packet) {
		for (EmbeddedFlow member : this.members) {
			if (member != from) {
				member.deliver(packet);
			}
		}
	}

	int size() {
		return this.members.size();
	}

}
