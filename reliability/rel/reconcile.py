"""The client's ledger against the database: every acknowledged write present, none twice, every one audited."""
import hashlib
import hmac

import psycopg


def ins_hash(key, ins):
    return hmac.new(key, ins.encode("ascii"), hashlib.sha256).digest()


def reconcile(dsn, ins_key, ledger):
    with psycopg.connect(dsn, autocommit=True) as db:
        ids = list(ledger.deposits)
        present = {str(r[0]) for r in db.execute("SELECT id FROM document WHERE id = ANY(%s::uuid[])", [ids])}
        audited = dict((str(d), n) for d, n in db.execute(
            "SELECT document_id, count(*) FROM audit_log WHERE action = 'DEPOSIT' AND document_id = ANY(%s::uuid[])"
            " GROUP BY document_id", [ids]))
        lost_deposits = [d for d in ids if d not in present]
        twice_audited = [d for d, n in audited.items() if n > 1]
        unaudited = [d for d in ids if d not in audited]
        # Documents per patient beyond what was acknowledged or left without an answer: written twice.
        acked_per_ins = {}
        for ins, _ in ledger.deposits.values():
            acked_per_ins[ins] = acked_per_ins.get(ins, 0) + 1
        extra = 0
        for ins, acked in acked_per_ins.items():
            n = db.execute("SELECT count(*) FROM document d JOIN record r ON r.id = d.record_id WHERE r.ins_hash = %s",
                           [ins_hash(ins_key, ins)]).fetchone()[0]
            extra += max(0, n - acked - ledger.ambiguous.get(ins, 0))
        masks = list(ledger.masks)
        masked = {str(r[0]) for r in db.execute("SELECT id FROM document WHERE masked AND id = ANY(%s::uuid[])",
                                                [masks])}
        lost_masks = [d for d in masks if d not in masked]
        lost_oppositions = []
        for ins in ledger.oppositions:
            row = db.execute("SELECT state FROM record WHERE ins_hash = %s", [ins_hash(ins_key, ins)]).fetchone()
            if row is None or row[0] != "OPPOSED":
                lost_oppositions.append(ins)
    return {
        "acked": len(ids) + len(masks) + len(ledger.oppositions),
        "deposits": len(ids), "masks": len(masks), "oppositions": len(ledger.oppositions),
        "lost": len(lost_deposits) + len(lost_masks) + len(lost_oppositions),
        "lost_detail": {"deposits": len(lost_deposits), "masks": len(lost_masks),
                        "oppositions": len(lost_oppositions)},
        "duplicated": extra + len(twice_audited),
        "unaudited": len(unaudited),
    }


def connections(dsn):
    """Client connections other than ours, and those left idle inside a transaction."""
    with psycopg.connect(dsn, autocommit=True) as db:
        total, idle_tx = db.execute(
            "SELECT count(*), count(*) FILTER (WHERE state LIKE 'idle in transaction%%') FROM pg_stat_activity"
            " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()").fetchone()
    return total, idle_tx
