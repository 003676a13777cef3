package fr.sante.dmp.store.invitation;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Invitation campaigns: import a cohort, follow its progress, download the refused lines. Failures are
 * {@code RecordException}s: Invalid (operator, header: 400), NotFound (campaign: 404), Unavailable (503).
 */
public interface CampaignService {

    /**
     * Streams a cohort CSV ({@code ins,birthDate,givenName,familyName,phone,email,language}, UTF-8, header first) into
     * a new campaign, {@code importBatch} lines per transaction, in constant memory. Refused lines are recorded and
     * never stop the import; persons who already have a record are skipped. The stream is paused while a batch is
     * written (back-pressure), so it may be an HTTP upload or a file. Completes when the stream ended and every batch
     * committed; a failure after some batches leaves those committed and marks the campaign FAILED (re-importing the
     * same file skips the persons already invited). For an HTTP upload, call it before the request is read (the
     * request paused or not yet resumed): the method pauses the stream until the campaign row exists.
     */
    Future<CampaignSummary> importCohort(String operator, ReadStream<Buffer> csv);

    /** {@link #importCohort} on a file opened with {@code vertx.fileSystem()} (the CLI's {@code campaign import}). */
    Future<CampaignSummary> importFile(String operator, Path csv);

    /** The most recent campaigns first, at most {@code limit} (the operators' page). */
    Future<List<CampaignListing>> list(int limit);

    /** Counts of a campaign (persons and messages); NotFound if there is no such campaign. */
    Future<CampaignProgress> progress(UUID campaignId);

    /** Refused lines after ({@code afterLine}, {@code afterField}) in order, at most {@code limit}: paging. */
    Future<List<Rejection>> rejections(UUID campaignId, long afterLine, String afterField, int limit);

    /** Writes the rejection report as CSV ({@code line,field,reason}) to {@code out} page by page; does not end it. */
    Future<Void> writeRejectionReport(UUID campaignId, WriteStream<Buffer> out);

    /**
     * Sends again the invitations of this campaign that reached nobody (every message FAILED or DEAD), with a new code,
     * to every address given; the number of persons re-invited. NotFound for an unknown campaign.
     */
    Future<Long> reinviteFailed(UUID campaignId);

    /**
     * Records the letters the mail house sent back ({@code reference,reason} lines: docs/invitations.md, "Returned
     * letters"): each becomes FAILED, and an invitation that thereby reached nobody is no longer sent (its window
     * withdrawn) for {@link #reinviteFailed} to pick up. Invalid: header wrong, file too long or unreadable.
     */
    Future<ReturnedLetters.Report> recordReturnedLetters(java.nio.file.Path file);

    /** Persons sent, delivered, opposed and activated per day, oldest day first (the operators' chart). */
    Future<List<CampaignDay>> daily(UUID campaignId);
}
