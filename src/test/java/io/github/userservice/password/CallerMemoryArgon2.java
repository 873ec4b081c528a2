package io.github.userservice.password;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * For measuring only, not used by the service: the reference Argon2 library's {@code argon2_ctx}, hashing in memory
 * the caller keeps (its allocation callbacks hand out a kept set of blocks, one set per hash computing at a time), on
 * 2 MiB pages where the kernel gives them ({@code madvise(MADV_HUGEPAGE)}), or with its own {@code malloc} when
 * {@code kept} is false.
 * The library is Debian's {@code libargon2.so.1} (a portable build without SIMD) or any other build named by path.
 */
final class CallerMemoryArgon2 implements Argon2Engine {

  private static final int ARGON2_ID = 2;
  private static final int VERSION_13 = 0x13;
  private static final int MADV_HUGEPAGE = 14;
  private static final long HUGE_PAGE = 2L << 20;

  private final Argon2Library library;
  private final String implementation;
  private final boolean kept;
  private final int keptKiB;
  private final BlockingQueue<Pointer> idle = new LinkedBlockingQueue<>();
  private final ThreadLocal<Pointer> lent = new ThreadLocal<>();
  private final Allocate allocate;
  private final Free free;

  /** @param keptKiB the most memory a kept set holds; larger hashes get the library's own malloc */
  CallerMemoryArgon2(String library, boolean kept, int keptKiB) {
    this.library = Native.load(library, Argon2Library.class);
    this.implementation = library + (kept ? ", caller's memory on huge pages" : ", its malloc");
    this.kept = kept;
    this.keptKiB = keptKiB;
    this.allocate = (memory, bytes) -> {
      Pointer blocks = idle.poll();
      lent.set(blocks != null ? blocks : hugePageAligned(keptKiB * 1024L));
      memory.setValue(lent.get());
      return 0;
    };
    this.free = (memory, bytes) -> idle.offer(lent.get());
  }

  @Override
  public String name() {
    return "argon2_ctx";
  }

  @Override
  public String implementation() {
    return implementation;
  }

  @Override
  public boolean accepts(int parallelism, int saltLength, int length) {
    return true;
  }

  @Override
  public byte[] compute(int memoryKiB, int iterations, int parallelism, byte[] salt, int length, byte[] password) {
    try (Memory out = new Memory(length); Memory pwd = new Memory(Math.max(1, password.length)); Memory saltMemory = new Memory(salt.length)) {
      pwd.write(0, password, 0, password.length);
      saltMemory.write(0, salt, 0, salt.length);
      Context context = new Context();
      context.out = out;
      context.outlen = length;
      context.pwd = pwd;
      context.pwdlen = password.length;
      context.salt = saltMemory;
      context.saltlen = salt.length;
      context.t_cost = iterations;
      context.m_cost = memoryKiB;
      context.lanes = parallelism;
      context.threads = 1;
      context.version = VERSION_13;
      if (kept && memoryKiB <= keptKiB) {
        context.allocate_cbk = allocate;
        context.free_cbk = free;
      }
      int status = library.argon2_ctx(context, ARGON2_ID);
      if (status != 0) {
        throw new IllegalStateException("argon2_ctx failed: " + status);
      }
      return out.getByteArray(0, length);
    }
  }

  private static Pointer hugePageAligned(long bytes) {
    long rounded = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    Memory region = new Memory(rounded + HUGE_PAGE); // kept for the thread's life
    KEPT.add(region);
    long address = Pointer.nativeValue(region);
    long aligned = (address + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    Pointer start = region.share(aligned - address, rounded);
    LibC.INSTANCE.madvise(start, rounded, MADV_HUGEPAGE);
    return start;
  }

  private static final List<Memory> KEPT = new CopyOnWriteArrayList<>();

  /** {@code argon2.h}'s {@code argon2_context}. */
  @Structure.FieldOrder({"out", "outlen", "pwd", "pwdlen", "salt", "saltlen", "secret", "secretlen", "ad", "adlen",
    "t_cost", "m_cost", "lanes", "threads", "version", "allocate_cbk", "free_cbk", "flags"})
  public static final class Context extends Structure {
    public Pointer out;
    public int outlen;
    public Pointer pwd;
    public int pwdlen;
    public Pointer salt;
    public int saltlen;
    public Pointer secret;
    public int secretlen;
    public Pointer ad;
    public int adlen;
    public int t_cost;
    public int m_cost;
    public int lanes;
    public int threads;
    public int version;
    public Allocate allocate_cbk;
    public Free free_cbk;
    public int flags;
  }

  public interface Allocate extends Callback {
    int invoke(PointerByReference memory, long bytes);
  }

  public interface Free extends Callback {
    void invoke(Pointer memory, long bytes);
  }

  public interface Argon2Library extends Library {
    int argon2_ctx(Context context, int type);
  }

  public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int madvise(Pointer address, long length, int advice);
  }
}
