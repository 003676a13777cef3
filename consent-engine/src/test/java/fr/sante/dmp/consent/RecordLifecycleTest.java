package fr.sante.dmp.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecordLifecycleTest {
    private static final Instant SENT = Instant.parse("2026-01-05T08:00:00Z");

    private final MutableClock clock = new MutableClock(SENT);
    private final RecordLifecycle lifecycle = new RecordLifecycle(clock);

    private static Duration days(long n) {
        return Duration.ofDays(n);
    }

    @Test
    void invitationSetsTheDeadlineSixWeeksLater() {
        RecordStatus s = lifecycle.invited(SENT);
        assertThat(s.state()).isEqualTo(RecordState.INVITED);
        assertThat(s.invitedAt()).contains(SENT);
        assertThat(s.oppositionDeadline()).contains(SENT.plus(days(42)));
        assertThat(lifecycle.oppositionOpen(s)).isTrue();
    }

    @Test
    void oppositionOnDay41Works() {
        RecordStatus s = lifecycle.invited(SENT);
        clock.advance(days(41));
        RecordStatus opposed = lifecycle.oppose(s);
        assertThat(opposed.state()).isEqualTo(RecordState.OPPOSED);
        assertThat(opposed.oppositionDeadline()).isEqualTo(s.oppositionDeadline());
    }

    @Test
    void oppositionOnDay42FailsAndPointsToClosing() {
        RecordStatus s = lifecycle.invited(SENT);
        clock.advance(days(42));
        assertThat(lifecycle.oppositionOpen(s)).isFalse();
        assertThatThrownBy(() -> lifecycle.oppose(s))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(RecordState.INVITED);
                    assertThat(e.transition()).isEqualTo("oppose");
                })
                .hasMessageContaining("window closed").hasMessageContaining("close");
    }

    @Test
    void aPersonWhoseInvitationIsStillBeingSentMayAlreadyOppose() {
        RecordStatus sending = new RecordStatus(RecordState.INVITED, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertThat(RecordLifecycle.invitationBeingSent(sending)).isTrue();
        assertThat(lifecycle.oppositionOpen(sending)).isTrue();
        RecordStatus opposed = lifecycle.oppose(sending);
        assertThat(opposed.state()).isEqualTo(RecordState.OPPOSED);
        assertThat(lifecycle.withdrawalOpen(opposed)).isTrue();
        assertThat(lifecycle.withdrawOpposition(opposed).state()).isEqualTo(RecordState.INVITED);
    }

    @Test
    void everyRefusedTransitionSaysWhyInFrenchToo() {
        RecordStatus s = lifecycle.invited(SENT);
        clock.advance(days(42));
        assertThatThrownBy(() -> lifecycle.oppose(s)).isInstanceOfSatisfying(IllegalTransitionException.class,
                e -> assertThat(e.reasonFr()).contains("délai pour refuser la création s'est terminé"));
        assertThatThrownBy(() -> lifecycle.close(s)).isInstanceOfSatisfying(IllegalTransitionException.class,
                e -> assertThat(e.reasonFr()).contains("pas encore ouvert"));
    }

    @Test
    void opposingAnActiveRecordMeansClosingIt() {
        assertThatThrownBy(() -> lifecycle.oppose(lifecycle.active()))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("closing the record");
    }

    @Test
    void anOppositionMadeByMistakeCanBeWithdrawnWhileTheWindowIsOpen() {
        RecordStatus opposed = lifecycle.oppose(lifecycle.invited(SENT));
        clock.advance(days(41));
        assertThat(lifecycle.withdrawalOpen(opposed)).isTrue();
        RecordStatus back = lifecycle.withdrawOpposition(opposed);
        assertThat(back.state()).isEqualTo(RecordState.INVITED);
        assertThat(back.oppositionDeadline()).contains(SENT.plus(days(42)));
    }

    @Test
    void anOppositionIsFinalOnceTheWindowClosed() {
        RecordStatus opposed = lifecycle.oppose(lifecycle.invited(SENT));
        clock.advance(days(42));
        assertThat(lifecycle.withdrawalOpen(opposed)).isFalse();
        assertThatThrownBy(() -> lifecycle.withdrawOpposition(opposed))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("final");
    }

    @Test
    void theSchedulerActivatesAtTheDeadlineNotBefore() {
        RecordStatus s = lifecycle.invited(SENT);
        clock.advance(days(42).minusSeconds(1));
        assertThatThrownBy(() -> lifecycle.activateAtDeadline(s)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("activateEarly");
        clock.advance(Duration.ofSeconds(1));
        assertThat(lifecycle.activateAtDeadline(s).state()).isEqualTo(RecordState.ACTIVE);
    }

    @Test
    void thePersonMayActivateEarly() {
        RecordStatus s = lifecycle.invited(SENT);
        clock.advance(days(3));
        RecordStatus active = lifecycle.activateEarly(s);
        assertThat(active.state()).isEqualTo(RecordState.ACTIVE);
        assertThat(active.invitedAt()).contains(SENT);
    }

    @Test
    void closingThenReopeningWithinTheArchivePeriodRestoresTheRecord() {
        RecordStatus closed = lifecycle.close(lifecycle.active());
        assertThat(closed.state()).isEqualTo(RecordState.CLOSED);
        assertThat(closed.closedAt()).contains(SENT);
        assertThat(lifecycle.purgeDue(closed)).contains(SENT.plus(RecordLifecycle.ARCHIVE_PERIOD));
        clock.advance(days(3000));
        RecordStatus reopened = lifecycle.reopen(closed);
        assertThat(reopened.state()).isEqualTo(RecordState.ACTIVE);
        assertThat(reopened.closedAt()).isEmpty();
    }

    @Test
    void aClosedRecordIsPurgedTenYearsAfterClosingAndNotBefore() {
        RecordStatus closed = lifecycle.close(lifecycle.active());
        clock.advance(RecordLifecycle.ARCHIVE_PERIOD.minusSeconds(1));
        assertThatThrownBy(() -> lifecycle.purge(closed)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("not due");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> lifecycle.reopen(closed)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("due for purge");
        assertThat(lifecycle.purge(closed).state()).isEqualTo(RecordState.PURGED);
    }

    @Test
    void aDeletionRequestClosesAnActiveRecordAndIsPurgedThreeMonthsLater() {
        RecordStatus deleting = lifecycle.requestDeletion(lifecycle.active());
        assertThat(deleting.state()).isEqualTo(RecordState.CLOSED);
        assertThat(deleting.deletionRequestedAt()).contains(SENT);
        assertThat(lifecycle.purgeDue(deleting)).contains(SENT.plus(days(90)));
        clock.advance(days(89));
        assertThatThrownBy(() -> lifecycle.purge(deleting)).isInstanceOf(IllegalTransitionException.class);
        clock.advance(days(1));
        assertThat(lifecycle.purge(deleting).state()).isEqualTo(RecordState.PURGED);
    }

    @Test
    void aDeletionRequestOnAClosedRecordKeepsTheClosingDateAndCanBeUndoneByReopening() {
        RecordStatus closed = lifecycle.close(lifecycle.active());
        clock.advance(days(10));
        RecordStatus deleting = lifecycle.requestDeletion(closed);
        assertThat(deleting.closedAt()).contains(SENT);
        assertThat(lifecycle.purgeDue(deleting)).contains(SENT.plus(days(100)));
        assertThatThrownBy(() -> lifecycle.requestDeletion(deleting)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("already requested");
        RecordStatus reopened = lifecycle.reopen(deleting);
        assertThat(reopened.state()).isEqualTo(RecordState.ACTIVE);
        assertThat(reopened.deletionRequestedAt()).isEmpty();
    }

    @Test
    void purgeDueIsEmptyUnlessClosed() {
        assertThat(lifecycle.purgeDue(lifecycle.active())).isEmpty();
        assertThat(lifecycle.purgeDue(lifecycle.invited(SENT))).isEmpty();
    }

    @Test
    void anInvitationStillBeingSentIsNeverActivatedAtADeadline() {
        // Issue 19: without a deadline the invitation is being sent (the window has not started); the person may
        // oppose (see above), and activation at a deadline fails closed, as it always did.
        RecordStatus sending = new RecordStatus(RecordState.INVITED, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        clock.advance(days(400));
        assertThatThrownBy(() -> lifecycle.activateAtDeadline(sending)).isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("still being sent");
    }

    static Stream<Arguments> illegalTransitions() {
        RecordLifecycle l = new RecordLifecycle(new MutableClock(SENT));
        RecordStatus invited = l.invited(SENT);
        RecordStatus active = l.active();
        RecordStatus closed = l.close(active);
        RecordStatus opposed = l.oppose(invited);
        RecordStatus purged = new RecordStatus(RecordState.PURGED, Optional.empty(), Optional.empty(),
                Optional.of(SENT), Optional.empty());
        return Stream.of(
                Arguments.of("activateAtDeadline", active, (UnaryOperator<RecordStatus>) l::activateAtDeadline),
                Arguments.of("activateEarly", active, (UnaryOperator<RecordStatus>) l::activateEarly),
                Arguments.of("activateEarly", opposed, (UnaryOperator<RecordStatus>) l::activateEarly),
                Arguments.of("oppose", closed, (UnaryOperator<RecordStatus>) l::oppose),
                Arguments.of("oppose", opposed, (UnaryOperator<RecordStatus>) l::oppose),
                Arguments.of("oppose", purged, (UnaryOperator<RecordStatus>) l::oppose),
                Arguments.of("withdrawOpposition", invited, (UnaryOperator<RecordStatus>) l::withdrawOpposition),
                Arguments.of("withdrawOpposition", active, (UnaryOperator<RecordStatus>) l::withdrawOpposition),
                Arguments.of("close", invited, (UnaryOperator<RecordStatus>) l::close),
                Arguments.of("close", closed, (UnaryOperator<RecordStatus>) l::close),
                Arguments.of("close", opposed, (UnaryOperator<RecordStatus>) l::close),
                Arguments.of("close", purged, (UnaryOperator<RecordStatus>) l::close),
                Arguments.of("reopen", active, (UnaryOperator<RecordStatus>) l::reopen),
                Arguments.of("reopen", opposed, (UnaryOperator<RecordStatus>) l::reopen),
                Arguments.of("reopen", purged, (UnaryOperator<RecordStatus>) l::reopen),
                Arguments.of("requestDeletion", invited, (UnaryOperator<RecordStatus>) l::requestDeletion),
                Arguments.of("requestDeletion", opposed, (UnaryOperator<RecordStatus>) l::requestDeletion),
                Arguments.of("requestDeletion", purged, (UnaryOperator<RecordStatus>) l::requestDeletion),
                Arguments.of("purge", active, (UnaryOperator<RecordStatus>) l::purge),
                Arguments.of("purge", invited, (UnaryOperator<RecordStatus>) l::purge),
                Arguments.of("purge", opposed, (UnaryOperator<RecordStatus>) l::purge),
                Arguments.of("purge", purged, (UnaryOperator<RecordStatus>) l::purge));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("illegalTransitions")
    void illegalTransitionsAreErrorsNotNoOps(String name, RecordStatus from, UnaryOperator<RecordStatus> transition) {
        assertThatThrownBy(() -> transition.apply(from))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(from.state());
                    assertThat(e.transition()).isEqualTo(name);
                })
                .hasMessageStartingWith(name + " from " + from.state() + ": ");
    }
}
