import { UploadOutlined } from '@ant-design/icons';
import {
  VOICE_FILE_STATUSES,
  VOICE_FILE_USAGES,
  type VoiceFile,
  type VoiceFileStatus,
  type VoiceFileUsage,
} from '@hujiao/shared';
import { App, Button, Card, Form, Input, Modal, Select } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteVoiceFile, useUpdateVoiceFile, useVoiceFiles, voiceFileAudioUrl } from '../../api/voice-files.ts';
import { actionsColumn, confirmDelete, DataTable } from '../../components/data-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useSeededNames } from '../../i18n/seeded-names.ts';
import { usePaging } from '../../utils/paging.ts';
import { useApiError, useMutationFeedback } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { VoiceFilePlayerModal, VoiceFileReviewModal } from './voice-file-modals.tsx';
import { formatMs, VoiceFileStatusTag, VoiceFileUsageTag } from './voice-file-tags.tsx';
import { VoiceFileUploadModal } from './voice-file-upload-modal.tsx';

/** 语音文件: uploads of the enterprise with their review state; play, download, review, edit, delete. */
export function VoiceFilesPage() {
  const { t } = useTranslation();
  const names = useSeededNames();
  const can = useCan();
  const [keyword, setKeyword] = useState('');
  const [usage, setUsage] = useState<VoiceFileUsage | undefined>();
  const [status, setStatus] = useState<VoiceFileStatus | undefined>();
  const paging = usePaging();
  const { data, isLoading, isFetching, isPlaceholderData } = useVoiceFiles({
    page: paging.page,
    pageSize: paging.pageSize,
    keyword,
    usage,
    status,
  });
  const remove = useDeleteVoiceFile();
  const feedback = useMutationFeedback();
  const [uploading, setUploading] = useState(false);
  const [playing, setPlaying] = useState<VoiceFile | null>(null);
  const [reviewing, setReviewing] = useState<VoiceFile | null>(null);
  const [editing, setEditing] = useState<VoiceFile | null>(null);
  const mayManage = can('voiceFile:manage');
  const mayApprove = can('voiceFile:approve');

  const columns: ColumnsType<VoiceFile> = [
    {
      title: t('voiceFile.name'),
      dataIndex: 'name',
      render: (v: string) => <span data-testid={`voice-file-${v}`}>{v}</span>,
    },
    { title: t('voiceFile.usage'), dataIndex: 'usage', render: (v: VoiceFileUsage) => <VoiceFileUsageTag usage={v} /> },
    { title: t('voiceFile.duration'), dataIndex: 'durationMs', render: (v: number) => formatMs(v) },
    {
      title: t('voiceFile.status'),
      dataIndex: 'status',
      render: (v: VoiceFileStatus, row) => <VoiceFileStatusTag status={v} reason={row.rejectReason} />,
    },
    { title: t('voiceFile.original'), dataIndex: 'originalDescription' },
    { title: t('voiceFile.uploader'), dataIndex: 'uploaderName', render: (v: string | null) => names.person(v) },
    { title: t('voiceFile.reviewer'), dataIndex: 'reviewerName', render: (v: string | null) => names.person(v) },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
    actionsColumn<VoiceFile>(t, (row) => [
      {
        key: 'review',
        label: t('voiceFile.review'),
        hidden: !mayApprove || row.status !== 'pending',
        onClick: () => setReviewing(row),
        testId: `review-${row.name}`,
      },
      // A pending file's first action is its review (whose dialog plays it too).
      { key: 'play', label: t('voiceFile.play'), onClick: () => setPlaying(row), testId: `play-${row.name}` },
      {
        key: 'download',
        label: t('voiceFile.download'),
        onClick: () => window.open(voiceFileAudioUrl(row.id, { download: true }), '_blank'),
      },
      { key: 'edit', label: t('common.edit'), hidden: !mayManage, onClick: () => setEditing(row) },
      {
        key: 'delete',
        label: t('common.delete'),
        danger: true,
        hidden: !mayManage,
        confirm: confirmDelete(t, row.name, true),
        onClick: () => remove.mutate(row.id, feedback(t('common.deleted'))),
      },
    ]),
  ];

  return (
    <Card title={t('voiceFile.title')}>
      <SearchBar
        placeholder={t('voiceFile.keywordPlaceholder')}
        onSearch={(value) => {
          setKeyword(value);
          paging.setPage(1);
        }}
        extra={
          mayManage && (
            <Button
              type="primary"
              icon={<UploadOutlined />}
              onClick={() => setUploading(true)}
              data-testid="voice-file-upload"
            >
              {t('voiceFile.upload')}
            </Button>
          )
        }
      >
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('voiceFile.usage')}
          aria-label={t('voiceFile.usage')}
          value={usage}
          onChange={(v: VoiceFileUsage | undefined) => {
            setUsage(v);
            paging.setPage(1);
          }}
          options={VOICE_FILE_USAGES.map((u) => ({ value: u, label: t(`voiceFile.usages.${u}`) }))}
        />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('voiceFile.status')}
          aria-label={t('voiceFile.status')}
          value={status}
          onChange={(v: VoiceFileStatus | undefined) => {
            setStatus(v);
            paging.setPage(1);
          }}
          options={VOICE_FILE_STATUSES.map((s) => ({ value: s, label: t(`voiceFile.statuses.${s}`) }))}
        />
      </SearchBar>
      <DataTable<VoiceFile>
        rowKey="id"
        columns={columns}
        dataSource={data?.items}
        loading={isLoading || (isFetching && isPlaceholderData)}
        pagination={paging.pagination(data?.total, t)}
      />
      <VoiceFileUploadModal open={uploading} onClose={() => setUploading(false)} />
      <VoiceFilePlayerModal file={playing} onClose={() => setPlaying(null)} />
      <VoiceFileReviewModal file={reviewing} onClose={() => setReviewing(null)} />
      <VoiceFileEditModal file={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}

/** 编辑: the name and usage (the review stays as it was). */
function VoiceFileEditModal({ file, onClose }: { file: VoiceFile | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; usage: VoiceFileUsage }>();
  const update = useUpdateVoiceFile();
  const onError = useApiError();
  const { message } = App.useApp();
  const save = async () => {
    if (!file) return;
    const body = await form.validateFields();
    try {
      await update.mutateAsync({ id: file.id, body });
      void message.success(t('common.saved'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Modal
      title={t('voiceFile.edit')}
      open={file !== null}
      onCancel={onClose}
      onOk={() => void save().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      {file && (
        <Form form={form} layout="vertical" initialValues={{ name: file.name, usage: file.usage }}>
          <Form.Item name="name" label={t('voiceFile.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="usage" label={t('voiceFile.usage')} rules={[{ required: true }]}>
            <Select options={VOICE_FILE_USAGES.map((u) => ({ value: u, label: t(`voiceFile.usages.${u}`) }))} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
