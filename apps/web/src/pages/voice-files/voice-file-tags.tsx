import type { VoiceFileStatus, VoiceFileUsage } from '@hujiao/shared';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

const STATUS_COLORS: Record<VoiceFileStatus, string> = { pending: 'orange', approved: 'green', rejected: 'red' };

/** 待审核 / 已通过 / 已拒绝 (the reason on hover). */
export function VoiceFileStatusTag({ status, reason }: { status: VoiceFileStatus; reason?: string | null }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={STATUS_COLORS[status]} data-testid={`voice-file-status-${status}`}>
      {t(`voiceFile.statuses.${status}`)}
    </Tag>
  );
  return reason ? <Tooltip title={`${t('voiceFile.rejectReason')}: ${reason}`}>{tag}</Tooltip> : tag;
}

export function VoiceFileUsageTag({ usage }: { usage: VoiceFileUsage }) {
  const { t } = useTranslation();
  return <Tag>{t(`voiceFile.usages.${usage}`)}</Tag>;
}

/** mm:ss of a duration in milliseconds. */
export function formatMs(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
