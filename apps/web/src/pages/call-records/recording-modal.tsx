import { DownloadOutlined } from '@ant-design/icons';
import type { CallRecord } from '@hujiao/shared';
import { Button, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { recordingUrl } from '../../api/telephony.ts';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useCan } from '../../utils/use-can.ts';
import { formatDuration } from './call-format.tsx';

interface Props {
  record: CallRecord | null;
  onClose: () => void;
}

/** Plays a call's recording in an HTML <audio> player (data-testid `recording-audio`). */
export function RecordingModal({ record, onClose }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <Modal
      title={record ? t('callRecord.playerTitle', { caller: record.caller, callee: record.callee }) : ''}
      open={record !== null}
      onCancel={onClose}
      footer={
        <Space>
          {record && can('callRecord:download') && (
            <Button icon={<DownloadOutlined />} href={recordingUrl(record.id, true)} download>
              {t('callRecord.download')}
            </Button>
          )}
          <Button type="primary" onClick={onClose}>
            {t('common.confirm')}
          </Button>
        </Space>
      }
      destroyOnHidden
    >
      {record && (
        <>
          <Typography.Paragraph type="secondary">
            {formatTime(record.startedAt)} · {t('callRecord.duration')} {formatDuration(record.durationSec)}
          </Typography.Paragraph>
          {/* biome-ignore lint/a11y/useMediaCaption: call recordings have no captions */}
          <audio
            controls
            autoPlay
            preload="auto"
            src={recordingUrl(record.id)}
            style={{ width: '100%' }}
            data-testid="recording-audio"
          />
        </>
      )}
    </Modal>
  );
}
