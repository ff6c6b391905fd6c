import type * as z from 'zod';

/**
 * The reason a field is refused, in the product's words ("must be text", "is required"). Schemas word their
 * own messages; where one leaves zod's default ("Invalid input: expected string, received number", "expected
 * number, received NaN" for `?limit=abc`), it is reworded here so every route answers alike and the web app
 * can translate it. A schema's own message is kept as it is.
 */
export function fieldMessage(issue: z.core.$ZodIssue): string {
  const { message } = issue;
  switch (issue.code) {
    case 'invalid_type': {
      if (!message.startsWith('Invalid input: expected')) return message;
      if (message.endsWith('received undefined')) return 'is required';
      if (issue.expected === 'int') return 'must be a whole number';
      if (issue.expected === 'object') return issue.path.length === 0 ? 'must be a JSON object' : 'must be an object';
      return typeMessages[issue.expected] ?? message;
    }
    case 'invalid_value':
      return message.startsWith('Invalid option') ? `must be one of ${issue.values.map(String).join(', ')}` : message;
    case 'too_small':
    case 'too_big': {
      if (!/^Too (small|big)/.test(message)) return message;
      const small = issue.code === 'too_small';
      const limit = Number(small ? issue.minimum : issue.maximum);
      if (issue.origin === 'string') return small && limit === 1 ? 'is required' : `must be ${small ? 'at least' : 'at most'} ${limit} characters`;
      if (issue.origin === 'array') return `must have ${small ? 'at least' : 'at most'} ${limit} items`;
      if (!issue.inclusive) return `must be ${small ? 'more' : 'less'} than ${limit}`;
      return `must be ${small ? 'at least' : 'at most'} ${limit}`;
    }
    case 'invalid_format':
      return message.startsWith('Invalid') ? (formatMessages[issue.format] ?? 'has the wrong format') : message;
    default:
      return message;
  }
}

const typeMessages: Record<string, string> = {
  string: 'must be text',
  number: 'must be a number',
  bigint: 'must be a number',
  boolean: 'must be true or false',
  array: 'must be a list',
};

const formatMessages: Record<string, string> = {
  email: 'must be an email address',
  uuid: 'must be an id (UUID)',
  date: 'must be a date YYYY-MM-DD',
  datetime: 'must be an ISO date-time',
};
