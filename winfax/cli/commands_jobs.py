"""The job queue: jobs, job, send, cancel, pause, resume, restart,
sample-path."""

import datetime
import os
import sys
import time

import winfax
from .._enums import AccessRight, DeliveryReport, JobCommand, QueueStatus, ScheduleAction
from .. import CoverPageInfo, JobParam
from . import describe, job_events, output, recipients, schema, terminal, validate
from .errors import CliError, Interrupted, UsageError, fax_call, translate, winerror_of
from .errors import ERROR_FILE_NOT_FOUND, ERROR_INVALID_DATA, not_in_queue
from .progress import DELIVERED, Follower, failure_message, reporter_for, sent_message
from .queue import current_pages, get_job, list_jobs, queue_config, queue_ports

JOB_KEYS = ("job_id, state, job_type, queue_status, status, size, page_count, user_name, "
            "recipient_number, recipient_name, tsid, sender_name, sender_company, sender_dept, "
            "billing_code, schedule_action, schedule_time, delivery_report_type, "
            "delivery_report_address, document_name, current_page")

JOB_SCHEMA = f"""\
JSON (--json): a job is an object with the keys
  {JOB_KEYS}
state is one of {", ".join(schema.STATES)};
queue_status a list of QueueStatus names (["PENDING"] when none); status a
PortState name or null; schedule_time ISO 8601 or null; current_page the page
being sent, or null.  Full schema: docs/cli.md."""

# FaxAbort: "You must own the job, or have FAX_JOB_MANAGE access";
# FaxSetJob needs FAX_JOB_MANAGE whoever owns the job.
OWN_JOBS = "(or to own the job)"


def sample_path():
    """The sample fax shipped in the package: a 3-page bilevel TIFF."""
    return os.path.join(os.path.dirname(os.path.abspath(winfax.__file__)), "samples", "hello.tif")


def _no_job(job_id, backend=None):
    """The error for a job not in the queue; on the simulator (inside a
    session) it says how the job left, from the simulator's record."""
    ended = None
    if backend is not None and backend.is_simulator:
        ended = backend.simulator().ended(job_id)
    return not_in_queue(job_id, ended)


def _only_with(mode, on, options):
    """UsageError for an option that means something only in `mode`
    (--watch, --wait) given without it: ignoring it would hide a typo."""
    if on:
        return
    for option, value in options:
        if value is not None:
            raise UsageError(f"{option} goes with {mode}: add {mode}, or leave {option} out")


# ---- jobs ---------------------------------------------------------------

def _job_rows(entries, pages, why):
    rows = []
    for e in entries:
        page = pages.get(e.job_id)
        rows.append([e.job_id, describe.job_state(e, page, *why), describe.pages(e, page),
                     e.recipient_number, e.recipient_name, e.user_name, e.document_name])
    return rows


def _jobs_table(entries, pages, why=(None, None)):
    if not entries:
        return ["no jobs in the queue"]
    return output.table(["ID", "STATE", "PAGES", "NUMBER", "RECIPIENT", "OWNER", "DOCUMENT"],
                        _job_rows(entries, pages, why), right=("ID", "PAGES"))


def _read_queue(backend):
    """The jobs, the page each one on a line is sending, and what tells why
    a job waits: (the configuration, the devices), None where not needed."""
    with backend.session() as server:
        entries = list_jobs(server)
        pages = current_pages(server, entries)
        why = (queue_config(server, entries), queue_ports(server, entries))
    return entries, pages, why


def cmd_jobs(args, backend):
    _only_with("--watch", args.watch, [("--interval", args.interval), ("--count", args.count)])
    if args.watch:
        return _watch(args, backend)
    entries, pages, why = _read_queue(backend)
    if args.json:
        output.emit_json([schema.job(e, pages.get(e.job_id)) for e in entries])
    else:
        output.print_lines(_jobs_table(entries, pages, why))
    return 0


def _watch(args, backend):
    import json

    interval = args.interval if args.interval is not None else 1.0
    screen = terminal.Screen(sys.stdout) if not args.json else None
    previous = None
    shown = 0
    try:
        while True:
            entries, pages, why = _read_queue(backend)
            if args.json:
                doc = json.dumps([schema.job(e, pages.get(e.job_id)) for e in entries],
                                 ensure_ascii=False)
                if doc != previous:
                    output.out(doc)
                    sys.stdout.flush()
                    previous = doc
            else:
                stamp = datetime.datetime.now().strftime("%H:%M:%S")
                lines = _jobs_table(entries, pages, why)
                screen.show([f"winfax jobs, every {interval:g} s (Ctrl-C to stop)  {stamp}", ""]
                            + lines, changed=lines != previous)
                previous = lines
            shown += 1
            if args.count is not None and shown >= args.count:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        # Ctrl-C is how a watch ends, but a script must still be able to
        # tell it from --count running out: exit status 130, as everywhere.
        raise Interrupted("interrupted") from None
    finally:
        if screen is not None:
            screen.close()
    return 0


# ---- job ----------------------------------------------------------------

def _job_details(e, page, config=None, ports=None):
    sender = ", ".join(x for x in (e.sender_name, e.sender_company, e.sender_dept) if x) or None
    return [f"job {e.job_id}"] + output.key_values([
        ("state", describe.job_state(e, page, config, ports)),
        ("type", describe.words(e.job_type)),
        ("owner", e.user_name),
        ("number", e.recipient_number),
        ("recipient", e.recipient_name),
        ("pages", describe.pages(e, page)),
        ("size", f"{e.size} bytes"),
        ("sender", sender),
        ("billing code", e.billing_code),
        ("tsid", e.tsid),
        ("document", e.document_name),
        ("schedule", describe.schedule(e)),
        ("receipt", describe.receipt(e)),
        ("queue status", " ".join(str(n) for n in schema.flag_names(e.queue_status, QueueStatus,
                                                                      "PENDING"))),
        ("device status", schema.convert("status", e.status)),
    ], indent="  ")


def cmd_job(args, backend):
    _only_with("--wait", args.wait, [("--interval", args.interval), ("--timeout", args.timeout)])
    with backend.session() as server:
        entry = get_job(server, args.id)
        if entry is None:
            raise _no_job(args.id, backend)
        page = current_pages(server, [entry]).get(args.id)
        config = queue_config(server, [entry])
        ports = queue_ports(server, [entry])
    if args.wait:
        return _wait(args, backend, args.id, entry)
    if args.json:
        output.emit_json(schema.job(entry, page))
    else:
        output.print_lines(_job_details(entry, page, config, ports))
    return 0


def _follow(args, backend, job_id, events=None):
    """The job followed to its end (progress on stdout unless quiet/JSON)."""
    interval = args.interval
    if interval is None:
        interval = 0.3 if backend.is_simulator else 1.0
    reporter = reporter_for(sys.stdout, enabled=not (args.json or getattr(args, "quiet", False)))
    return Follower(backend, job_id, interval=interval, timeout=args.timeout,
                    reporter=reporter, events=events).run()


def _wait(args, backend, job_id, entry, events=None):
    """Follow a job to its end; the exit status says whether it was sent."""
    outcome = _follow(args, backend, job_id, events)
    if args.json:
        last = outcome.entry or entry
        output.emit_json({"job_id": job_id, "result": outcome.result,
                          "source": outcome.source,
                          "job": schema.job(last, outcome.page) if last else None})
    elif outcome.result in DELIVERED and not getattr(args, "quiet", False):
        output.out(sent_message(job_id, outcome.entry or entry))
    if outcome.result not in DELIVERED:
        raise CliError(failure_message(job_id, outcome))
    return 0


# ---- send ---------------------------------------------------------------

def _send_inputs(args):
    """Every check of `send`'s arguments, before the service is touched."""
    _only_with("--wait", args.wait, [("--interval", args.interval), ("--timeout", args.timeout)])
    if args.sample:
        if args.file is None and args.recipients_csv is None:
            raise UsageError("give the NUMBER to send the sample fax to, e.g. "
                             "`winfax send --sample '+1 555 0100'`")
        path = sample_path()
        for extra in args.number:
            try:
                validate.fax_number(extra)
            except UsageError:
                raise UsageError("--sample sends the sample fax in place of FILE: give only "
                                 "NUMBERs (see `winfax send --help`)") from None
        numbers = ([args.file] if args.file is not None else []) + args.number
    else:
        if args.file is None or (not args.number and args.recipients_csv is None):
            raise UsageError("give FILE and NUMBER, e.g. `winfax send fax.tif '+1 555 0100'` "
                             "(or --sample NUMBER, or --recipients-csv FILE)")
        path, numbers = args.file, args.number
    to = [(validate.fax_number(n), args.name) for n in numbers]
    extra = [(flag, getattr(args, dest)) for dest, (flag, _) in _JOB_PARAM_OPTIONS.items()]
    for what, value in [("--name", args.name), ("--sender", args.sender),
                        ("--subject", args.subject)] + extra:
        if value is not None:
            validate.text_field(what, value)
    if args.subject is not None and args.cover_page is None:
        raise UsageError("--subject goes on a cover page: add --cover-page FILE "
                         "or --cover-page server:NAME")
    at = validate.schedule_time(args.at) if args.at is not None else None
    receipt = validate.receipt(args.receipt) if args.receipt is not None else None
    # Files last: a wrong command line (2) is told before a missing file (1).
    if args.recipients_csv is not None:
        to += recipients.from_csv(args.recipients_csv)
    if args.name is not None and len(to) > 1:
        raise UsageError("--name names one recipient: for several, give each a name "
                         "in --recipients-csv (columns number,name)")
    path = validate.fax_document(path)
    cover = validate.cover_page(args.cover_page) if args.cover_page is not None else None
    return path, to, cover, at, receipt


# dest -> (option, help); the dest is the JobParam field it sets.
_JOB_PARAM_OPTIONS = {
    "billing_code": ("--billing-code", "the billing code"),
    "sender_company": ("--company", "the sender's company (default: your profile's)"),
    "sender_dept": ("--department", "the sender's department (default: your profile's)"),
    "tsid": ("--tsid", "the transmitting station id (default: your profile's)"),
}


def _defaults():
    """FaxCompleteJobParams: the sender details from the user's profile."""
    try:
        return winfax.complete_job_params()
    except OSError:
        return JobParam(), CoverPageInfo()


def cmd_send(args, backend):
    path, to, cover, at, receipt = _send_inputs(args)
    # Listening before the job exists, so none of its events can be missed.
    events = job_events.listen(backend) if args.wait else None
    try:
        return _send(args, backend, path, to, cover, at, receipt, events)
    finally:
        if events is not None:
            events.close()


def _job_params(args, base, base_cover, path, number, name, cover, at, receipt):
    """(JobParam, CoverPageInfo or None) for one recipient."""
    changes = {"recipient_number": number, "document_name": os.path.basename(path)}
    if name is not None:
        changes["recipient_name"] = name
    if args.sender is not None:
        changes["sender_name"] = args.sender
    for dest in _JOB_PARAM_OPTIONS:
        if getattr(args, dest) is not None:
            changes[dest] = getattr(args, dest)
    if at is not None:
        changes.update(schedule_action=ScheduleAction.SPECIFIC_TIME, schedule_time=at)
    elif args.discount:
        changes["schedule_action"] = ScheduleAction.DISCOUNT_PERIOD
    if receipt is not None:
        kind, address = receipt
        changes["delivery_report_type"] = (DeliveryReport.EMAIL if kind == "email"
                                           else DeliveryReport.INBOX)
        changes["delivery_report_address"] = address
    params = base.replace(**changes)
    cover_info = None
    if cover is not None:
        is_server, cover_name = cover
        cover_info = base_cover.replace(
            cover_page_name=cover_name, use_server_cover_page=is_server,
            rec_name=params.recipient_name, rec_fax_number=number,
            sdr_name=params.sender_name, subject=args.subject)
    return params, cover_info


def _send(args, backend, path, to, cover, at, receipt, events):
    with backend.session() as server:
        base, base_cover = _defaults()
        jobs = [_job_params(args, base, base_cover, path, number, name, cover, at, receipt)
                for number, name in to]
        job_ids = _queue_each(server, path, jobs, cover)
        entries = [get_job(server, job_id) for job_id in job_ids]
    for job_id, entry, (number, _) in zip(job_ids, entries, to):
        if args.quiet:
            output.out(str(job_id))
        elif not args.json:
            if entry is not None:
                plural = "page" if entry.page_count == 1 else "pages"
                output.out(f"job {job_id} queued: {entry.page_count} {plural} to {number}")
            else:
                output.out(f"job {job_id} queued")
    if len(jobs) > 1:
        return _broadcast_done(args, backend, job_ids, entries, events)
    job_id, entry = job_ids[0], entries[0]
    if args.wait:
        return _wait(args, backend, job_id, entry, events)
    if args.json:
        output.emit_json({"job_id": job_id, "job": schema.job(entry) if entry else None})
    return 0


def _queue_each(server, path, jobs, cover):
    """Queue one job per recipient with FaxSendDocumentW and return their ids.

    Several recipients are not sent with FaxSendDocumentForBroadcastW:
    Microsoft's page on broadcasting says an application sending to several
    recipients should call FaxSendDocument once for each, the broadcast
    function being kept for backward compatibility, and that function hands
    back one job id only (the ids of the other recipients' jobs are not
    documented).  If a recipient's job cannot be queued, those already
    queued are aborted, so that a failed command leaves nothing behind,
    as it does with the simulator's state file."""
    job_ids = []
    try:
        for params, cover_info in jobs:
            job_ids.append(server.send_document(path, params, cover_info))
    except OSError as error:
        for job_id in job_ids:
            try:
                server.abort(job_id)
            except OSError:
                pass  # already sent, or already gone: nothing left to undo
        raise _send_error(error, path, cover) from error
    return job_ids


def _broadcast_done(args, backend, job_ids, entries, events):
    """After a broadcast: the jobs (JSON), or, with --wait, each followed
    to its end in turn; exit status 0 only if every one was sent."""
    if not args.wait:
        if args.json:
            output.emit_json({"job_ids": job_ids,
                              "jobs": [schema.job(e) if e else None for e in entries]})
        return 0
    results, failures = [], []
    for job_id, entry in zip(job_ids, entries):
        outcome = _follow(args, backend, job_id, events)
        last = outcome.entry or entry
        results.append({"job_id": job_id, "result": outcome.result, "source": outcome.source,
                        "job": schema.job(last, outcome.page) if last else None})
        if outcome.result != "completed":
            failures.append(failure_message(job_id, outcome))
        elif not (args.json or args.quiet):
            output.out(sent_message(job_id, last))
    if args.json:
        output.emit_json({"job_ids": job_ids, "results": results})
    if failures:
        raise CliError(f"{len(failures)} of {len(job_ids)} faxes not sent: "
                       + "; ".join(failures))
    return 0


# What ShellExecuteEx reports for a type without a print handler; the fax
# service's page names only ERROR_INVALID_DATA, but either may come back.
ERROR_NO_ASSOCIATION = 1155


def _send_error(error, path, cover):
    code = winerror_of(error)
    if code in (ERROR_INVALID_DATA, ERROR_NO_ASSOCIATION):
        return CliError(f"the fax service cannot turn {path} into a fax: no program prints "
                        "this type of file there, or the file is damaged (TIFF and plain "
                        "text always work)")
    if code == ERROR_FILE_NOT_FOUND:
        if cover is not None and not cover[0] and os.path.exists(path):
            return CliError(f"the fax service cannot find the cover page {cover[1]}")
        return CliError(f"the fax service cannot find {path} (is it readable by the service?)")
    return translate(error, "sending", AccessRight.JOB_SUBMIT)


# ---- cancel, pause, resume, restart -------------------------------------

def _set_job(server, job_id, command, action):
    with fax_call(f"{action} job {job_id}", AccessRight.JOB_MANAGE, job_id=job_id):
        server.set_job(job_id, command)


def cmd_cancel(args, backend):
    job_id = args.id
    with backend.session() as server:
        with fax_call(f"cancelling job {job_id}", AccessRight.JOB_MANAGE, job_id=job_id,
                      also=OWN_JOBS):
            server.abort(job_id)
        entry = get_job(server, job_id)
    if entry is None:
        output.out(f"job {job_id} cancelled")
    else:
        output.out(f"job {job_id} is being cancelled: it leaves the queue when its call ends")
    return 0


def cmd_pause(args, backend):
    job_id = args.id
    with backend.session() as server:
        _set_job(server, job_id, JobCommand.PAUSE, "pausing")
        entry = get_job(server, job_id)
    if entry is None:
        raise _no_job(job_id)
    if int(entry.queue_status) & QueueStatus.PAUSED:
        output.out(f"job {job_id} paused")
    else:
        output.out(f"job {job_id} will pause when its current call ends")
    return 0


def cmd_resume(args, backend):
    job_id = args.id
    with backend.session() as server:
        _set_job(server, job_id, JobCommand.RESUME, "resuming")
    output.out(f"job {job_id} resumed")
    return 0


def cmd_restart(args, backend):
    job_id = args.id
    with backend.session() as server:
        entry = get_job(server, job_id)
        if entry is None:
            raise _no_job(job_id, backend)
        if schema.job_state(entry) != "failed":
            raise CliError(f"job {job_id} has not failed (it is {describe.job_state(entry)}); "
                           "restart is for failed jobs, `winfax resume` for paused ones")
        _set_job(server, job_id, JobCommand.RESTART, "restarting")
    output.out(f"job {job_id} restarted")
    return 0


def cmd_sample_path(args, backend):
    output.out(sample_path())
    return 0


# ---- the parsers ---------------------------------------------------------

def _wait_options(parser):
    parser.add_argument("--interval", type=validate.seconds("--interval"), metavar="SECONDS",
                        help="time between polls (default 0.3 s on the simulator, 1 s on Windows)")
    parser.add_argument("--timeout", type=validate.seconds("--timeout"), metavar="SECONDS",
                        help="give up waiting (exit status 1) after this long")


def register(commands, add):
    p = add(commands, "jobs", "list the fax queue",
            """\
Lists every job in the fax queue: id, state (with the page being sent),
pages, number, recipient, owner and document.  Sent and cancelled jobs
leave the queue.

examples:
  winfax jobs
  winfax jobs --json
  winfax jobs --watch            # redraw every second until Ctrl-C

""" + JOB_SCHEMA + """
With --watch --json: one line of JSON (the array) each time the queue changes.""")
    p.add_argument("--json", action="store_true", help="print a JSON array of jobs")
    p.add_argument("--watch", action="store_true", help="refresh in place until interrupted")
    p.add_argument("--interval", type=validate.seconds("--interval"), metavar="SECONDS",
                   help="--watch: time between refreshes (default 1)")
    p.add_argument("--count", type=validate.count("--count"), metavar="N",
                   help="--watch: stop after N refreshes")
    p.set_defaults(run=cmd_jobs)

    p = add(commands, "job", "show one job (or --wait for it)",
            """\
Shows everything the service knows about one job.  With --wait, follows it
until it is sent, or for a fax coming in received and routed (exit status
0), or fails or is cancelled (exit status 1); the JSON result is then
"completed", "received", "failed", "cancelled" or "unknown".

examples:
  winfax job 3
  winfax job 3 --json
  winfax job 3 --wait

""" + JOB_SCHEMA)
    p.add_argument("id", type=validate.job_id, metavar="ID", help="the job id (see `winfax jobs`)")
    p.add_argument("--json", action="store_true", help="print the job as a JSON object")
    p.add_argument("--wait", action="store_true", help="follow the job until it ends")
    _wait_options(p)
    p.set_defaults(run=cmd_job)

    p = add(commands, "send", "send a document as a fax",
            """\
Queues FILE for NUMBER and prints the job id.  FILE is any document the fax
service can render: a TIFF or plain text file, or on Windows any type that
has a program to print it there (the service decides).  With
--wait it follows the job: a progress bar on a terminal (pages sent of the
total, and the state), plain lines otherwise, and exit status 1 if the job
fails or is cancelled.  On the simulator, --wait moves the simulated queue
itself, one step per poll, since off Windows nothing else does unless
`winfax simulator run` is running.

examples:
  winfax send fax.tif "+1 555 0100"
  winfax send --sample "+1 555 0100" --wait
  winfax send invoice.tif "+44 20 7946 0000" --name "Bob" --sender "Alice" \\
      --cover-page server:generic --subject "Invoice 42" --at 20:30 \\
      --receipt email:alice@example.com

NUMBER may hold digits, spaces, +, -, ( and ).  --at takes HH:MM in local
time (today, or tomorrow if that time has passed) or an ISO date and time
(local unless it has an offset); winfax hands the service UTC.

Several NUMBERs, or --recipients-csv (header: number[,name]), send one job
per recipient (a broadcast).

JSON (--json): {"job_id": ID, "job": JOB}; with --wait
{"job_id": ID, "result": "completed"|"failed"|"cancelled"|"unknown",
"source": "events"|"polling"|"simulator"|"queue", "job": JOB}, where JOB is a job object
as `winfax jobs --json` prints it (the last one seen).  A broadcast:
{"job_ids": [...], "jobs": [...]}, with --wait {"job_ids": [...],
"results": [...]}.""",
            usage="winfax send [options] FILE NUMBER [NUMBER ...]\n"
                  "       winfax send [options] --sample NUMBER [NUMBER ...]\n"
                  "       winfax send [options] FILE --recipients-csv CSV")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="the document to send (TIFF, plain text, or any type Windows can print)")
    p.add_argument("number", nargs="*", metavar="NUMBER",
                   help="the fax number to dial; several make a broadcast (one job each)")
    p.add_argument("--recipients-csv", metavar="FILE",
                   help="also send to each row of this CSV file (header: number[,name])")
    p.add_argument("--sample", action="store_true",
                   help="send the sample fax shipped with winfax (3 pages) instead of FILE")
    p.add_argument("--name", metavar="NAME", help="the recipient's name")
    p.add_argument("--sender", metavar="NAME", help="the sender's name (default: your profile's)")
    # JobParam fields that had no option (FAX_JOB_PARAMW); the profile's
    # values (FaxCompleteJobParams) stay where an option is not given.
    for dest, (flag, help_text) in _JOB_PARAM_OPTIONS.items():
        p.add_argument(flag, dest=dest, metavar="TEXT", help=help_text)
    p.add_argument("--cover-page", metavar="FILE|server:NAME",
                   help="add a cover page: a .cov file, or one of the server's")
    p.add_argument("--subject", metavar="TEXT", help="the subject on the cover page")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--at", metavar="TIME", help="send at HH:MM local time or at an ISO date and time")
    when.add_argument("--discount", action="store_true",
                      help="send in the discount period (see `winfax config`)")
    p.add_argument("--receipt", metavar="email:ADDR|inbox", help="ask for a delivery receipt")
    p.add_argument("--wait", action="store_true",
                   help="follow the job until it is sent (or received); exit status 1 "
                        "if it fails")
    _wait_options(p)
    what = p.add_mutually_exclusive_group()
    what.add_argument("--json", action="store_true", help="print the result as JSON")
    what.add_argument("-q", "--quiet", action="store_true", help="print only the job id")
    p.set_defaults(run=cmd_send)

    for name, run, summary, text in (
        ("cancel", cmd_cancel, "cancel a job",
         "Removes a job from the queue (FaxAbort); a job on a line leaves when its call ends.\n"
         "Your own jobs need no right; other users' jobs FAX_JOB_MANAGE."),
        ("pause", cmd_pause, "pause a job",
         "Holds a job in the queue; a job on a line pauses when its current call ends.\n"
         "Needs FAX_JOB_MANAGE, even for your own jobs."),
        ("resume", cmd_resume, "resume a paused job",
         "Lets a paused job go on.\nNeeds FAX_JOB_MANAGE, even for your own jobs."),
        ("restart", cmd_restart, "restart a failed job",
         "Sends a failed job again from the start, with a fresh retry count.\n"
         "Needs FAX_JOB_MANAGE, even for your own jobs."),
    ):
        p = add(commands, name, summary, f"""\
{text}

example:
  winfax {name} 3""")
        p.add_argument("id", type=validate.job_id, metavar="ID",
                       help="the job id (see `winfax jobs`)")
        p.set_defaults(run=run)



def register_sample(commands, add):
    p = add(commands, "sample-path", "print the path of the sample fax",
            """\
Prints where the sample fax shipped with winfax is (a 3-page bilevel TIFF,
fax resolution, Group 3 compressed), to try things with.

example:
  winfax send "$(winfax sample-path)" "+1 555 0100"   # same as --sample""")
    p.set_defaults(run=cmd_sample_path)
