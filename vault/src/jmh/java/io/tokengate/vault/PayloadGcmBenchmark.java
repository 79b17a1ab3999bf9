package io.tokengate.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why the payload goes through the JDK's AES-GCM: the vault's {@link AesGcm} (SunJCE, AES-NI and
 * CLMUL intrinsics) against Bouncy Castle's GCM, through its lightweight API and its JCA provider.
 * Every operation uses a new key, as the vault does (one data key per card), so each pays a key
 * schedule; the keys vary by a counter to keep random-number cost out of the comparison. 48 bytes
 * is a card payload with a short name; 4096 shows bulk throughput.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PayloadGcmBenchmark {

    @Param({"48", "4096"})
    public int payloadBytes;

    private final byte[] aad = "\u0001card_7Hq2LmX9pQ4rT1vW8yZ3aB".getBytes(StandardCharsets.US_ASCII);
    private final byte[] nonce = new byte[AesGcm.NONCE_BYTES];
    private final byte[] key = new byte[32];
    private final GCMModeCipher bcGcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    private byte[] payload;
    private byte[] out;
    private Cipher bcProviderGcm;
    private long counter;

    @Setup
    public void setUp() throws GeneralSecurityException {
        if (Security.getProvider("BC") == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        bcProviderGcm = Cipher.getInstance("AES/GCM/NoPadding", "BC");
        payload = new byte[payloadBytes];
        out = new byte[payloadBytes + AesGcm.TAG_BYTES];
    }

    private byte[] nextKey() {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (c >>> (8 * i));
        }
        return key;
    }

    @Benchmark
    public byte[] jdkSunJce() throws GeneralSecurityException {
        new AesGcm(nextKey()).encrypt(nonce, 0, payload, 0, payload.length, aad, out, 0);
        return out;
    }

    @Benchmark
    public byte[] bouncyCastleLightweight() throws InvalidCipherTextException {
        bcGcm.init(true, new AEADParameters(new KeyParameter(nextKey()), 128, nonce, aad));
        int n = bcGcm.processBytes(payload, 0, payload.length, out, 0);
        bcGcm.doFinal(out, n);
        return out;
    }

    @Benchmark
    public byte[] bouncyCastleProvider() throws GeneralSecurityException {
        bcProviderGcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(nextKey(), "AES"), new GCMParameterSpec(128, nonce));
        bcProviderGcm.updateAAD(aad);
        bcProviderGcm.doFinal(payload, 0, payload.length, out, 0);
        return out;
    }
}
