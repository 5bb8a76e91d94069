import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Popconfirm, Select, Space, Table, Tag, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import {
  useClearGreeting,
  useCreateVoicemailGroup,
  useDeleteVoicemailGroup,
  useUploadGreeting,
  useVoicemailBoxes,
  useVoicemailGroups,
  type VoicemailBoxView,
} from '../../api/voicemail.ts';
import { useCan } from '../../utils/use-can.ts';

/** 信箱设置: each box's greeting (upload a WAV, or back to the system prompt); group boxes for voicemail:manage. */
export function VoicemailBoxes() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const manage = can('voicemail:manage');
  const boxes = useVoicemailBoxes();
  const groups = useVoicemailGroups(manage);
  const upload = useUploadGreeting();
  const clear = useClearGreeting();
  const createGroup = useCreateVoicemailGroup();
  const deleteGroup = useDeleteVoicemailGroup();
  const [form] = Form.useForm<{ name: string; members: string[] }>();
  const fail = (err: unknown) => void message.error(err instanceof Error ? err.message : String(err));

  const columns: ColumnsType<VoicemailBoxView> = [
    { title: t('voicemail.box'), dataIndex: 'box' },
    {
      title: t('voicemail.kind'),
      dataIndex: 'kind',
      render: (v: VoicemailBoxView['kind']) =>
        v === 'group' ? t('voicemail.kindGroup') : t('voicemail.kindExtension'),
    },
    {
      title: t('voicemail.greeting'),
      dataIndex: 'hasGreeting',
      render: (v: boolean) =>
        v ? <Tag color="blue">{t('voicemail.greetingCustom')}</Tag> : <Tag>{t('voicemail.greetingSystem')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => {
        const group = groups.data?.find((g) => g.name === row.box);
        return (
          <Space size={0}>
            <Upload
              accept=".wav,audio/wav"
              showUploadList={false}
              customRequest={({ file }) =>
                upload.mutate(
                  { box: row.box, file: file as File },
                  { onSuccess: () => void message.success(t('voicemail.greetingSaved')), onError: fail },
                )
              }
            >
              <Button type="link" icon={<UploadOutlined />} data-testid={`vm-greeting-${row.box}`}>
                {t('voicemail.uploadGreeting')}
              </Button>
            </Upload>
            {row.hasGreeting && (
              <Button type="link" onClick={() => clear.mutate(row.box, { onError: fail })}>
                {t('voicemail.useSystemGreeting')}
              </Button>
            )}
            {manage && group && (
              <Popconfirm
                title={t('voicemail.deleteGroupConfirm')}
                onConfirm={() => deleteGroup.mutate(group.id, { onError: fail })}
              >
                <Button type="link" danger>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      {manage && (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 16 }}
          onFinish={(v) =>
            createGroup.mutate(
              { name: v.name, members: v.members ?? [] },
              { onSuccess: () => form.resetFields(), onError: fail },
            )
          }
        >
          <Form.Item name="name" rules={[{ required: true, message: t('voicemail.groupName') }]}>
            <Input placeholder={t('voicemail.groupName')} aria-label={t('voicemail.groupName')} maxLength={64} />
          </Form.Item>
          <Form.Item name="members">
            <Select
              mode="tags"
              style={{ minWidth: 240 }}
              placeholder={t('voicemail.groupMembers')}
              aria-label={t('voicemail.groupMembers')}
              tokenSeparators={[',', ' ']}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={createGroup.isPending}>
            {t('voicemail.addGroup')}
          </Button>
        </Form>
      )}
      <Table<VoicemailBoxView>
        rowKey="box"
        size="middle"
        columns={columns}
        dataSource={boxes.data}
        loading={boxes.isFetching}
        pagination={false}
      />
    </>
  );
}
