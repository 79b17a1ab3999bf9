package io.tokengate.vault;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why the KEK wrap runs Bouncy Castle's RFC 5649 engine over the JDK's AES block ({@link
 * JdkAesBlock}) rather than over Bouncy Castle's pure-Java AES: a 256-bit data key takes 24 AES
 * blocks each way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeyWrapBenchmark {

    private AesKeyWrapPad overJdkAes;
    private AesKeyWrapPad overBcAes;
    private byte[] dek;
    private byte[] wrapped;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        byte[] kek = new byte[32];
        random.nextBytes(kek);
        overJdkAes = new AesKeyWrapPad(kek);
        overBcAes = AesKeyWrapPad.withBouncyCastleAes(kek);
        dek = new byte[32];
        random.nextBytes(dek);
        wrapped = overJdkAes.wrap(dek);
    }

    @Benchmark
    public byte[] wrapBcEngineOverJdkAes() {
        return overJdkAes.wrap(dek);
    }

    @Benchmark
    public byte[] wrapBcEngineOverBcAes() {
        return overBcAes.wrap(dek);
    }

    @Benchmark
    public byte[] unwrapBcEngineOverJdkAes() throws GeneralSecurityException {
        return overJdkAes.unwrap(wrapped);
    }

    @Benchmark
    public byte[] unwrapBcEngineOverBcAes() throws GeneralSecurityException {
        return overBcAes.unwrap(wrapped);
    }
}
