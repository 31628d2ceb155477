package rocks.ouroboros.jna.irm;

/** The hash a layer's directory uses for names ({@code enum pol_dir_hash}). */
public enum DirectoryHash {

	SHA3_224, SHA3_256, SHA3_384, SHA3_512

}
