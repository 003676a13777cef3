package fr.sante.dmp.store.testing;

/**
 * The name under which the store's, the patient space's and the gateway's tests imported the await helper before it
 * moved to notifications' test-jar ({@link fr.sante.dmp.notify.support.Await}, where every module's tests reach it):
 * no code of its own, only that class's static methods, so that tests written against the old name still compile.
 * New tests import {@code fr.sante.dmp.notify.support.Await}.
 */
public final class Await extends fr.sante.dmp.notify.support.Await {
    private Await() {
    }
}
