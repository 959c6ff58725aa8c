// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/action_log_model.h"

#include <QAbstractItemModelTester>
#include <QtTest>

class TestActionLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void actionsWithTheirOutcomes();
};

void TestActionLogModel::actionsWithTheirOutcomes()
{
    ActionLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    ActionRequest request;
    request.id = 7;
    request.kind = ActionRequest::Terminate;
    request.serverName = QStringLiteral("prod-db");
    request.targets = {{101, 1, QStringLiteral("web"), QStringLiteral("shop"), QStringLiteral("checkout"), {}, {}},
                       {102, 2, QStringLiteral("admin"), QStringLiteral("shop"), QStringLiteral("psql"), {}, {}}};
    model.actionStarted(request);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, ActionLogModel::What).data().toString(), QStringLiteral("Terminate 2 session(s) on prod-db"));
    QVERIFY(model.index(0, ActionLogModel::Result).data().toString().startsWith(QLatin1String("running")));

    model.actionOutcome(7, {101, 1, Outcome::Terminated, {}, {}, {}, {}, {}, {}});
    // An outcome that names its backend itself (as kill-all outcomes do).
    model.actionOutcome(7, {102, 2, Outcome::PermissionDenied, QStringLiteral("permission denied to terminate process"), QStringLiteral("42501"),
                            QStringLiteral("root"), QStringLiteral("shop"), QStringLiteral("cron"), {}});
    ActionSummary summary;
    summary.id = 7;
    summary.counts[Outcome::Terminated] = 1;
    summary.counts[Outcome::PermissionDenied] = 1;
    summary.durationMs = 12;
    model.actionFinished(summary);

    const QModelIndex action = model.index(0, 0);
    QCOMPARE(model.rowCount(action), 2);
    QCOMPARE(model.index(0, ActionLogModel::Result, action).data().toString(), QStringLiteral("terminated"));
    QCOMPARE(model.index(0, ActionLogModel::What, action).data().toString(), QStringLiteral("web · shop · checkout"));
    QCOMPARE(model.index(1, ActionLogModel::What, action).data().toString(), QStringLiteral("root · shop · cron"));
    QCOMPARE(model.index(1, ActionLogModel::Result, action).data().toString(),
             QStringLiteral("permission denied [42501]: permission denied to terminate process"));
    // Failures stand out, on the outcome and on its action.
    QCOMPARE(model.index(1, 0, action).data(ActionLogModel::FailureRole).toBool(), true);
    QCOMPARE(model.index(0, 0, action).data(ActionLogModel::FailureRole).toBool(), false);
    QCOMPARE(action.data(ActionLogModel::FailureRole).toBool(), true);
    QCOMPARE(model.index(0, ActionLogModel::Result).data().toString(), QStringLiteral("1 terminated, 1 permission denied in 12 ms."));

    const QString text = model.toText();
    QVERIFY(text.contains(QLatin1String("PID 102")));
    QVERIFY(text.contains(QLatin1String("1 terminated, 1 permission denied")));

    // Outcomes of an unknown action are ignored.
    model.actionOutcome(99, {1, 1, Outcome::Terminated, {}, {}, {}, {}, {}, {}});
    QCOMPARE(model.rowCount(), 1);
}

QTEST_MAIN(TestActionLogModel)
#include "tst_action_log_model.moc"
