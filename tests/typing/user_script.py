"""A typical user script; tests/test_typing.py checks it with mypy --strict."""

import datetime
import warnings
from pathlib import Path

import winfax
from winfax import AccessRight, JobCommand, JobParam, LogLevel, PortOpen


def send(server: winfax.FaxHandle, document: Path, number: str) -> int:
    params = JobParam(recipient_number=number, sender_name="Billing")
    later = params.replace(
        schedule_action=winfax.ScheduleAction.SPECIFIC_TIME,
        schedule_time=datetime.datetime(2030, 1, 1, 9, 0),
    )
    return server.send_document(document, later)


def report(server: winfax.FaxHandle) -> list[str]:
    lines: list[str] = []
    for job in server.jobs():
        pages: int = job.page_count
        who: str | None = job.recipient_name
        lines.append(f"{job.job_id}: {who or '?'} {pages} pages {job.queue_status!r}")
    return lines


def tune(server: winfax.FaxHandle) -> None:
    config = server.configuration()
    server.set_configuration(config.replace(retries=config.retries + 1))
    server.set_logging_categories(
        [c.replace(level=LogLevel.MAX) for c in server.logging_categories()]
    )
    for port_info in server.ports():
        with server.open_port(port_info.device_id, PortOpen.MODIFY) as port:
            port.set_info(port.info().replace(rings=3))
            status: winfax.DeviceStatus = port.device_status()
            print(status.status, status.start_time)


def print_memo(number: str) -> int:
    info = winfax.PrintInfo(recipient_number=number, doc_name="Memo")
    with winfax.start_print_job(None, info) as job:
        cover = winfax.CoverPageInfo(use_server_cover_page=True, subject="Memo")
        winfax.print_cover_page(job.context, cover)
        hdc: int = job.hdc
    spooler_id, context = winfax.start_print_job(None, info)  # the old tuple form
    print(hdc, job.state, spooler_id, context)
    return job.job_id


def rehearse(inbox: Path) -> list[str]:
    """A user's test against the simulator: every call typed, no Any."""
    from winfax import simulator

    simulator.reset()
    simulator.fail_next("FaxConnectFaxServerW", simulator.ERROR_ACCESS_DENIED)
    simulator.set_latency(0.0)
    simulator.set_clock("manual", dial=0.5)
    simulator.set_time(datetime.datetime(2030, 5, 6, 22, tzinfo=datetime.timezone.utc))
    device: int = simulator.add_port("Modem 2")
    simulator.set_port_state(device, winfax.PortState.OFFLINE)
    simulator.set_port_state(device, winfax.PortState.AVAILABLE)
    with winfax.connect() as server, server.open_port(device, PortOpen.MODIFY) as port:
        winfax.set_routing_config(port, winfax.FolderRouting(str(inbox)), enabled=True)
        config = winfax.routing_config(port, winfax.FOLDER_ROUTING_GUID)
        job_id = server.send_document(winfax.sample_fax(), JobParam(recipient_number="5"))
        simulator.fail_job(job_id, "retry")
    received: int | None = simulator.receive(device, winfax.sample_fax(), tsid="+1 555 0100")
    steps: int = simulator.run_queue()
    counts: list[int] = [simulator.open_handles(), simulator.calls("FaxClose"),
                         simulator.violations(), simulator.outstanding_buffers(),
                         simulator.job_count(), simulator.advance()]
    mode, dial, page = simulator.clock()
    files = [record.file or record.target for record in simulator.routed()]
    with simulator.persistent(inbox / "state.sqlite") as state:
        saved: str = state
    with simulator.persistent() as default_state:
        print(default_state, simulator.default_state_path())
    simulator.save(inbox / "copy.sqlite")
    loaded: bool = simulator.load(str(inbox / "copy.sqlite"))
    simulator.export_state(inbox / "snapshot.bin")
    imported: bool = simulator.import_state(b"snapshot.bin")
    simulator.reset_state()
    warnings.simplefilter("error", simulator.StateRecoveredWarning)
    schedule: tuple[int, ...] = simulator.job_schedule_time(job_id)
    now: datetime.datetime = simulator.time()
    return [str(config), str(received), str(steps), str(counts), mode, str(dial + page),
            *files, saved, str(loaded and imported), str(schedule), now.isoformat()]


def main() -> int:
    with winfax.connect() as server:
        if not server.access_check(AccessRight.JOB_SUBMIT):
            return 1
        job_id = send(server, Path("fax.tif"), "+1 555 0100")
        server.set_job(job_id, JobCommand.PAUSE)
        data, width, height = server.page_data(job_id)
        print(len(data), width * height, report(server))
        tune(server)
        raw: int = int(server)
        print(raw, server.closed, winfax.backend, winfax.__version__)
    params, cover = winfax.complete_job_params()
    print(params.sender_name, cover.sdr_name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
