"""A database made by an earlier release keeps working: columns added since are added in place."""
from __future__ import annotations

import sqlite3

from storyagent import create_app

# the task table as the first release created it (no chain_through)
FIRST_RELEASE_TASK = """CREATE TABLE task (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL, topic TEXT NOT NULL,
    main_role VARCHAR(200) NOT NULL, scene VARCHAR(200) NOT NULL, language VARCHAR(8) NOT NULL, seed INTEGER NOT NULL,
    current_segment INTEGER NOT NULL, status VARCHAR(16) NOT NULL, running_segment INTEGER, job_id VARCHAR(32),
    progress FLOAT NOT NULL, message TEXT NOT NULL, error TEXT, heartbeat_at FLOAT, created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL)"""


def test_an_old_task_table_gains_the_new_columns_and_its_tasks_still_answer(app_config, monkeypatch, tmp_path):
    database = tmp_path / "old.db"
    with sqlite3.connect(database) as connection:
        connection.execute(FIRST_RELEASE_TASK)
        connection.execute("INSERT INTO task VALUES (7, 1, 'an old story', '', '', 'en', 3, 2, 'completed', NULL, NULL,"
                           " 1.0, 'Image completed', NULL, NULL, '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    client = app.test_client()
    assert client.post("/api/register", json={"username": "olive", "password": "correct-horse-7"}).status_code == 200
    token = client.post("/api/login", json={"username": "olive", "password": "correct-horse-7"}).json["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with sqlite3.connect(database) as connection:  # the old task belongs to the new account (user 1)
        user_id = connection.execute("SELECT id FROM user WHERE username = 'olive'").fetchone()[0]
        connection.execute("UPDATE task SET user_id = ?", (user_id,))
    assert client.get("/api/task/mytasks", headers=headers).json["task_ids"] == [7]
    state = client.get("/api/task/7/progress", headers=headers).json
    assert (state["current_segment"], state["status"], state["through"], state["options"]) == (2, "completed", None, {})
    with sqlite3.connect(database) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(task)")}
    assert {"chain_through", "options"} <= columns
    create_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})  # a second start: nothing to do
