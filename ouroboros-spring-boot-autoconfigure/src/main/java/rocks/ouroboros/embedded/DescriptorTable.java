package rocks.ouroboros.embedded;

import java.util.BitSet;

import rocks.ouroboros.flow.FlowException;

/**
 * Flow descriptors of one process, as upstream hands them out: 64 up to 4095, the lowest free one
 * first, so a freed descriptor is reused at once.
 */
final class DescriptorTable {

	static final int FIRST = 64;

	private final BitSet used = new BitSet();

	private final int limit;

	DescriptorTable(int limit) {
		this.limit = limit;
	}

	synchronized int allocate() {
		int fd = this.used.nextClearBit(FIRST);
		if (fd >= this.limit) {
			throw new FlowException("this process has " + (this.limit - FIRST)
					+ " flows open, the most Ouroboros allows: deallocate flows you no longer use", -23);
		}
		this.used.set(fd);
		return fd;
	}

	synchronized void release(int fd) {
		this.used.clear(fd);
	}

	synchronized int inUse() {
		return this.used.cardinality();
	}

}
