import type { CallRecord } from '@hujiao/shared';
import { Button, Descriptions, Drawer, Empty, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useCallRecord } from '../../api/telephony.ts';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useCan } from '../../utils/use-can.ts';
import {
  callPath,
  DirectionTag,
  formatDuration,
  HangupCauseTag,
  hangupSideName,
  LostCallTag,
  legName,
} from './call-format.tsx';

type Leg = CallRecord['legs'][number];
type Visit = CallRecord['queueCalls'][number];
type Segment = CallRecord['segments'][number];

interface Props {
  /** The row clicked; the drawer re-reads it from GET /api/call-records/:id. */
  record: CallRecord | null;
  onClose: () => void;
  onPlay: (record: CallRecord) => void;
}

/** 通话详情: the call's summary, its path (通话轨迹: bridges, transfers, holds...) and its legs (话路详情). */
export function CallRecordDrawer({ record, onClose, onPlay }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const fresh = useCallRecord(record?.id ?? null);
  const call = fresh.data && fresh.data.id === record?.id ? fresh.data : record;

  const legColumns: ColumnsType<Leg> = [
    {
      title: t('callRecord.legRole'),
      dataIndex: 'role',
      render: (v: string) => <Tag>{t(`callRecord.legRoles.${v}`, { defaultValue: v })}</Tag>,
    },
    { title: t('callRecord.legExtension'), dataIndex: 'extension', render: (v: string | null) => v ?? '-' },
    {
      title: t('callRecord.legUri'),
      dataIndex: 'uri',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    { title: t('callRecord.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatTime(v) },
    { title: t('callRecord.answeredAt'), dataIndex: 'answeredAt', render: (v: string | null) => formatTime(v) },
    { title: t('callRecord.endedAt'), dataIndex: 'endedAt', render: (v: string | null) => formatTime(v) },
    {
      title: t('callRecord.legStatus'),
      dataIndex: 'status',
      render: (v: string) => t(`callRecord.hangupCauses.${v}`, { defaultValue: v }),
    },
  ];

  const seconds = (v: number) => formatDuration(v);
  const visitColumns: ColumnsType<Visit> = [
    {
      title: t('callRecord.queue'),
      dataIndex: 'queueName',
      render: (v: string | null) => v ?? t('callRecord.queueDeleted'),
    },
    { title: t('callRecord.enteredAt'), dataIndex: 'enteredAt', render: (v: string) => formatTime(v) },
    {
      title: t('callRecord.queueOutcome'),
      key: 'outcome',
      render: (_, v) => (
        <>
          <Tag color={v.outcome === 'answered' ? 'green' : v.outcome === null ? 'processing' : 'volcano'}>
            {t(`callRecord.queueOutcomes.${v.outcome ?? 'waiting'}`)}
          </Tag>
          {v.overflowReason && t(`callRecord.overflowReasons.${v.overflowReason}`)}
          {v.lostStage && t(`callRecord.lostStages.${v.lostStage}`)}
        </>
      ),
    },
    { title: t('callRecord.agent'), dataIndex: 'agentName', render: (v: string | null) => v ?? '-' },
    { title: t('callRecord.offers'), dataIndex: 'offers', align: 'right' },
    { title: t('callRecord.waitSec'), dataIndex: 'waitSec', align: 'right', render: seconds },
    { title: t('callRecord.ringSec'), dataIndex: 'ringSec', align: 'right', render: seconds },
    { title: t('callRecord.talkSec'), dataIndex: 'talkSec', align: 'right', render: seconds },
    { title: t('callRecord.wrapUpSec'), dataIndex: 'wrapUpSec', align: 'right', render: seconds },
  ];

  const legsById = new Map((call?.legs ?? []).map((l) => [l.legId, l]));
  const segmentColumns: ColumnsType<Segment> = [
    {
      title: t('callRecord.segmentKind'),
      dataIndex: 'kind',
      render: (v: string) => <Tag>{t(`callRecord.segmentKinds.${v}`, { defaultValue: v })}</Tag>,
    },
    {
      title: t('callRecord.segmentParties'),
      dataIndex: 'legIds',
      render: (ids: string[]) => ids.map((id) => legName(legsById.get(id), id)).join(' ↔ '),
    },
    { title: t('callRecord.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatTime(v) },
    { title: t('callRecord.endedAt'), dataIndex: 'endedAt', render: (v: string | null) => formatTime(v) },
    { title: t('callRecord.segmentDetail'), dataIndex: 'detail', render: (v?: string) => v ?? '-' },
  ];

  return (
    <Drawer
      title={t('callRecord.detailTitle')}
      open={record !== null}
      onClose={onClose}
      size={820}
      destroyOnHidden
      loading={fresh.isLoading && !call}
      extra={
        call?.hasRecording &&
        can('callRecord:listen') && (
          <Button type="primary" onClick={() => onPlay(call)}>
            ▶ {t('callRecord.play')}
          </Button>
        )
      }
    >
      {call && (
        <>
          <Descriptions bordered size="small" column={2} data-testid="call-record-detail">
            <Descriptions.Item label={t('callRecord.caller')}>{call.caller}</Descriptions.Item>
            <Descriptions.Item label={t('callRecord.callee')}>{call.callee}</Descriptions.Item>
            <Descriptions.Item label={t('callRecord.direction')}>
              <DirectionTag value={call.direction} t={t} />
              <LostCallTag value={call.lostStage} t={t} />
            </Descriptions.Item>
            <Descriptions.Item label={t('callRecord.hangupCause')}>
              <HangupCauseTag value={call.hangupCause} t={t} />
            </Descriptions.Item>
            <Descriptions.Item label={t('callRecord.startedAt')}>{formatTime(call.startedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('callRecord.answeredAt')}>{formatTime(call.answeredAt)}</Descriptions.Item>
            <Descriptions.Item label={t('callRecord.endedAt')}>{formatTime(call.endedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('callRecord.hangupSide')}>
              {hangupSideName(call.hangupSide, t)}
            </Descriptions.Item>
            <Descriptions.Item label={t('callRecord.duration')}>{formatDuration(call.durationSec)}</Descriptions.Item>
            <Descriptions.Item label={t('callRecord.billed')}>{formatDuration(call.billedSec)}</Descriptions.Item>
            <Descriptions.Item label={t('callRecord.path')} span={2}>
              <span data-testid="call-path">{callPath(call).join(' → ')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('callRecord.callId')} span={2}>
              <Typography.Text copyable code>
                {call.callId}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {call.queueCalls.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 24 }}>
                {t('callRecord.queueCalls')}
              </Typography.Title>
              <Table<Visit>
                rowKey={(v) => `${v.queueId}-${v.enteredAt}`}
                size="small"
                pagination={false}
                columns={visitColumns}
                dataSource={call.queueCalls}
                scroll={{ x: 'max-content' }}
                data-testid="call-queue-visits"
              />
            </>
          )}
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('callRecord.segments')}
          </Typography.Title>
          {call.segments.length === 0 ? (
            <Empty description={t('callRecord.noSegments')} />
          ) : (
            <Table<Segment>
              rowKey={(s) => `${s.kind}-${s.startedAt}-${s.legIds.join('-')}`}
              size="small"
              pagination={false}
              columns={segmentColumns}
              dataSource={call.segments}
              scroll={{ x: 'max-content' }}
              data-testid="call-segments"
            />
          )}
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('callRecord.legs')}
          </Typography.Title>
          {call.legs.length === 0 ? (
            <Empty description={t('callRecord.noLegs')} />
          ) : (
            <Table<Leg>
              rowKey="legId"
              size="small"
              pagination={false}
              columns={legColumns}
              dataSource={call.legs}
              scroll={{ x: 'max-content' }}
              data-testid="call-legs"
            />
          )}
        </>
      )}
    </Drawer>
  );
}
