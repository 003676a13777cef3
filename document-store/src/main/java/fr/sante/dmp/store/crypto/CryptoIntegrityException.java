package fr.sante.dmp.store.crypto;

/** A ciphertext failed authentication: altered, swapped between rows, or sealed under another key or context. */
public final class CryptoIntegrityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CryptoIntegrityException(String message) {
        super(message, null, false, false);
    }
}
